import { describe, expect, it } from 'vitest';
import type { AdminField } from '../../shared/contract/computers';
import { parseCriterion } from '../cli/commands/computers';
import { AppError } from '../platform/errors';
import { checkAdminValues } from './computers.service';
import { csvField } from './csv-export';
import { adminValueText } from '../../shared/contract/admin-value-text';
import { adminValueType } from './schema-info';

const f = (column: string, type: AdminField['type'], choices: AdminField['choices'] = []): AdminField => ({
  column,
  fieldId: 1,
  name: column,
  label: column,
  type,
  ocsType: 0,
  choices,
  tab: 1,
  order: 1,
});
const fields = [
  f('TAG', 'text'),
  f('fields_3', 'date'),
  f('fields_4', 'select', [
    { value: '1', label: 'Lab' },
    { value: '2', label: 'Office' },
  ]),
  f('fields_5', 'checkbox', [
    { value: '1', label: 'Lab' },
    { value: '2', label: 'Office' },
  ]),
];

describe('admin values are checked against accountinfo_config types', () => {
  it('accepts typed values and normalises checkbox / empty values', () => {
    expect(
      checkAdminValues(fields, { TAG: '', fields_3: '2026-01-31', fields_4: '2', fields_5: 'Office&&&Lab' }),
    ).toEqual({
      TAG: 'NA',
      fields_3: '2026-01-31',
      fields_4: '2',
      fields_5: 'Office&&&Lab&&&',
    });
  });
  it('refuses unknown columns and wrong values', () => {
    const bad: Array<Record<string, string>> = [
      { fields_9: 'x' },
      { fields_3: '31/01/2026' },
      { fields_4: '7' },
      { fields_5: 'Garage&&&' },
      { TAG: 'x'.repeat(256) },
    ];
    for (const v of bad) {
      expect(() => checkAdminValues(fields, v)).toThrow(AppError);
    }
  });
});

describe('CLI criteria and CSV cells', () => {
  it('parses field:OP:value[:value2]', () => {
    expect(parseCriterion('software.NAME:HAS:Firefox*')).toEqual({
      field: 'software.NAME',
      op: 'HAS',
      value: 'Firefox*',
    });
    expect(parseCriterion('hardware.LASTDATE:BETWEEN:2026-01-01 10:00:2026-02-01')).toEqual({
      field: 'hardware.LASTDATE',
      op: 'BETWEEN',
      value: '2026-01-01 10:00',
      value2: '2026-02-01',
    });
    expect(() => parseCriterion('nope')).toThrow(AppError);
  });
  it('quotes separators and neutralises spreadsheet formulas', () => {
    expect(csvField('a,b', ',')).toBe('"a,b"');
    expect(csvField('say "hi"', ',')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")', ',')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField(-12, ',')).toBe('-12');
    expect(csvField(null, ',')).toBe('');
  });
});

describe('admin values are shown as people read them', () => {
  const select = fields[2]!;
  const checkbox = fields[3]!;
  it('SELECT / RADIO choice numbers become their labels; unknown numbers stay as stored', () => {
    expect(adminValueText(select, '2')).toBe('Office');
    expect(adminValueText({ ...select, type: 'radio' }, '1')).toBe('Lab');
    expect(adminValueText(select, '9')).toBe('9');
    expect(adminValueText(select, null)).toBe('');
  });
  it('CHECKBOX shows every ticked label (choice numbers of older data too)', () => {
    expect(adminValueText(checkbox, 'Office&&&Lab&&&')).toBe('Office, Lab');
    expect(adminValueText(checkbox, '1&&&2&&&')).toBe('Lab, Office');
  });
  it('text, numbers and dates stay as stored', () => {
    expect(adminValueText(fields[0]!, '3')).toBe('3');
    expect(adminValueText(f('fields_9', 'decimal'), 2.5)).toBe('2.5');
  });
  it('the seed Integer / Real columns (TYPE 0) are typed by their SQL type', () => {
    expect(adminValueType(0, 'int')).toBe('int');
    expect(adminValueType(0, 'double')).toBe('decimal');
    expect(adminValueType(0, 'decimal')).toBe('decimal');
    expect(adminValueType(0, 'date')).toBe('date');
    expect(adminValueType(0, 'varchar')).toBe('text');
    expect(adminValueType(2, 'varchar')).toBe('select');
  });
  it('a Real value must be a number', () => {
    const real = [f('fields_9', 'decimal')];
    expect(checkAdminValues(real, { fields_9: '-2.75' })).toEqual({ fields_9: '-2.75' });
    expect(() => checkAdminValues(real, { fields_9: '2,5' })).toThrow(AppError);
  });
});
