import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../contract/errors';
import en from './en/errors.json';
import { fieldLabel, readableParams } from './field-label';
import { formatErrorEn } from './format-error';

describe('fieldLabel: zod paths in the operator words', () => {
  it('names a search criterion by its position, never by its path', () => {
    expect(fieldLabel('filter.criteria.0.value')).toBe('value of criterion 1');
    expect(fieldLabel('criteria.2.field')).toBe('field of criterion 3');
    expect(fieldLabel('filter.criteria.0.value', 'fr')).toBe('valeur du critère 1');
  });
  it('names certificate, package and per-computer setting fields by their labels', () => {
    expect(fieldLabel('subject.country')).toBe('country');
    expect(fieldLabel('dnsNames.1')).toBe('DNS name 2');
    expect(fieldLabel('actionParam')).toBe('command, program or destination');
    expect(fieldLabel('settings.DOWNLOAD_TIMEOUT.ivalue')).toBe('download timeout (days)');
    expect(fieldLabel('settings.FREQUENCY.ivalue', 'fr')).toBe("fréquence d'inventaire (jours)");
  });
  it('makes an unknown path readable without dots', () => {
    expect(fieldLabel('subject.someNewThing')).toBe('some new thing');
    expect(fieldLabel('hardware.NAME')).toBe('NAME');
    expect(fieldLabel('values.fields_3')).toBe('fields 3');
    expect(fieldLabel('settings.NEW_KEY.ivalue')).toBe('NEW_KEY');
    expect(fieldLabel('items.4')).toBe('items 5');
    expect(fieldLabel('')).toBe('');
  });
});

describe('formatErrorEn: messages without internal paths, double stops or dead-end hints', () => {
  it('a validation error names the field by its label', () => {
    const { message, hint } = formatErrorEn('VALIDATION_FAILED', {
      field: 'filter.criteria.0.value',
      detail: 'required',
    });
    expect(message).toBe('Invalid value for "value of criterion 1": required.');
    expect(message).not.toMatch(/criteria\.0/);
    expect(hint).not.toMatch(/highlighted|refresh/i);
  });
  it('a validation error with no field says so, without empty quotes', () => {
    expect(formatErrorEn('VALIDATION_FAILED', { field: '', detail: 'nothing to change' }).message).toBe(
      'Invalid value: nothing to change.',
    );
  });
  it('a detail ending with a full stop is not doubled', () => {
    expect(formatErrorEn('VALIDATION_FAILED', { field: 'name', detail: 'already used.' }).message).toBe(
      'Invalid value for "name": already used.',
    );
    expect(formatErrorEn('CONFLICT', { detail: 'A field named X already exists.' }).message).toBe(
      'A field named X already exists.',
    );
    expect(
      formatErrorEn('CERT_INVALID', { detail: 'wrong passphrase for the key /tmp/ca.key' }).message,
    ).toBe('Certificate problem: wrong passphrase for the key /tmp/ca.key.');
  });
  it('a CONFLICT without detail still says something', () => {
    expect(formatErrorEn('CONFLICT', { what: 'device type', name: 'x' }).message).toBe(
      'This change conflicts with the data as it is now.',
    );
  });
  it('refusals a refresh cannot fix never tell the operator to refresh', () => {
    const all = en as Record<string, { hint: string }>;
    for (const code of [
      'FORBIDDEN',
      'DB_ACCOUNT_READ_ONLY',
      'VALIDATION_FAILED',
      'CONFLICT',
      'CERT_INVALID',
    ]) {
      expect(all[code]!.hint, code).not.toMatch(/refresh|highlighted/i);
    }
    expect(ERROR_CODES.every((c) => typeof all[c]?.hint === 'string')).toBe(true);
  });
  it('readableParams leaves other codes and contexts alone', () => {
    expect(readableParams('VALIDATION_FAILED', { field: '', context: 'astral' })).toEqual({
      field: '',
      context: 'astral',
    });
    expect(readableParams('FORBIDDEN', { right: 'configure' })).toEqual({ right: 'configure' });
  });
});
