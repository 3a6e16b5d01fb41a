import knexFactory from 'knex';
import { describe, expect, it } from 'vitest';
import type { ComputerFilter, Criterion } from '../../shared/contract/computers';
import { AppError } from '../platform/errors';
import { applyFilter, type ResolvedIds } from './filter-sql';
import { gridColumns } from './fields';
import type { SchemaInfo } from './schema-info';
import { resolveColumns, resolveSort } from './computers.service';

const k = knexFactory({ client: 'mysql2' });

const schema: SchemaInfo = {
  tables: new Set([
    'hardware',
    'bios',
    'accountinfo',
    'networks',
    'drives',
    'monitors',
    'software',
    'software_name',
    'devices',
    'registry',
  ]),
  columns: new Map([
    [
      'hardware',
      [
        'ID',
        'DEVICEID',
        'NAME',
        'OSNAME',
        'MEMORY',
        'LASTDATE',
        'USERID',
        'IPADDR',
        'DESCRIPTION',
        'WORKGROUP',
        'PROCESSORS',
        'USERAGENT',
        'LASTCOME',
      ],
    ],
    ['bios', ['HARDWARE_ID', 'SSN', 'SMANUFACTURER', 'SMODEL', 'BMANUFACTURER', 'BVERSION']],
    ['accountinfo', ['HARDWARE_ID', 'TAG', 'fields_3']],
    ['networks', ['ID', 'HARDWARE_ID', 'IPADDRESS', 'MACADDR', 'IPGATEWAY', 'IPSUBNET']],
    ['drives', ['ID', 'HARDWARE_ID', 'FREE']],
    ['monitors', ['ID', 'HARDWARE_ID', 'CAPTION', 'MANUFACTURER', 'SERIAL']],
  ]),
  types: new Map([
    [
      'hardware',
      new Map([
        ['ID', 'int'],
        ['MEMORY', 'int'],
        ['PROCESSORS', 'int'],
        ['LASTDATE', 'datetime'],
        ['LASTCOME', 'datetime'],
      ]),
    ],
    ['accountinfo', new Map([['fields_3', 'date']])],
  ]),
  leadingIndexed: new Map([
    ['hardware', new Set(['ID', 'NAME', 'OSNAME', 'MEMORY'])],
    ['accountinfo', new Set(['HARDWARE_ID', 'TAG'])],
  ]),
  indexNames: new Map(),
  hardwareIdTables: ['accountinfo', 'bios', 'networks'],
  adminFields: [
    {
      column: 'TAG',
      fieldId: 1,
      name: 'TAG',
      label: 'TAG',
      type: 'text',
      ocsType: 0,
      choices: [],
      tab: 1,
      order: 1,
    },
    {
      column: 'fields_3',
      fieldId: 3,
      name: 'PURCHASE',
      label: 'Purchase date',
      type: 'date',
      ocsType: 14,
      choices: [],
      tab: 1,
      order: 2,
    },
  ],
  loadedAt: 0,
};

function sql(
  filter: Partial<ComputerFilter>,
  resolved?: ResolvedIds,
): { sql: string; bindings: readonly unknown[] } {
  const q = k.from({ h: 'hardware' }).select('h.ID');
  applyFilter(k, q, schema, { criteria: [], match: 'all', ...filter }, resolved);
  const r = q.toSQL();
  return { sql: r.sql, bindings: r.bindings };
}
const one = (c: Partial<Criterion> & { field: string; op: Criterion['op'] }) =>
  sql({ criteria: [{ value: '', ...c }] });

function fails(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('search filter → SQL', () => {
  it('builds every operator on a hardware column with bindings only', () => {
    expect(one({ field: 'hardware.MEMORY', op: 'EQUAL', value: '8192' })).toEqual({
      sql: 'select `h`.`ID` from `hardware` as `h` where ((`h`.`MEMORY` = ?))',
      bindings: ['8192'],
    });
    expect(one({ field: 'hardware.NAME', op: 'DIFFERENT', value: 'x' }).sql).toContain(
      '(`h`.`NAME` <> ? or `h`.`NAME` is null)',
    );
    expect(one({ field: 'hardware.MEMORY', op: 'SMALLER', value: '4096' }).sql).toContain('`h`.`MEMORY` < ?');
    expect(one({ field: 'hardware.MEMORY', op: 'BIGGER', value: '4096' }).sql).toContain('`h`.`MEMORY` > ?');
    const between = one({ field: 'hardware.MEMORY', op: 'BETWEEN', value: '1', value2: '9' });
    expect(between.sql).toContain('`h`.`MEMORY` between ? and ?');
    expect(between.bindings).toEqual(['1', '9']);
    expect(one({ field: 'hardware.MEMORY', op: 'OUT_OF', value: '1', value2: '9' }).sql).toContain(
      '(`h`.`MEMORY` < ? or `h`.`MEMORY` > ?)',
    );
    expect(one({ field: 'hardware.NAME', op: 'LIKE', value: 'PC*' }).bindings).toEqual(['PC%']);
    expect(one({ field: 'hardware.NAME', op: 'LIKE', value: '50%_off' }).bindings).toEqual(['%50\\%\\_off%']);
    expect(one({ field: 'hardware.NAME', op: 'NOT_LIKE', value: 'a?c' }).sql).toContain(
      '`h`.`NAME` not like ?',
    );
    expect(one({ field: 'hardware.NAME', op: 'IS_EMPTY' }).sql).toContain(
      '(`h`.`NAME` is null or `h`.`NAME` = ?)',
    );
    expect(one({ field: 'hardware.NAME', op: 'IS_NOT_EMPTY' }).sql).toContain(
      '`h`.`NAME` is not null and `h`.`NAME` <> ?',
    );
    const older = one({ field: 'hardware.LASTDATE', op: 'OLDER_THAN_DAYS', value: '30' });
    expect(older.sql).toContain('`h`.`LASTDATE` < NOW() - INTERVAL ? DAY');
    expect(older.bindings).toEqual([30]);
  });

  it('uses semi-joins for other tables and NOT IN for negative operators', () => {
    expect(one({ field: 'networks.IPADDRESS', op: 'EQUAL', value: '10.0.0.1' }).sql).toContain(
      '`h`.`ID` in (select `x`.`HARDWARE_ID` from `networks` as `x` where (`x`.`IPADDRESS` = ?))',
    );
    expect(one({ field: 'networks.MACADDR', op: 'DIFFERENT', value: 'AA' }).sql).toContain(
      '`h`.`ID` not in (select `x`.`HARDWARE_ID` from `networks` as `x` where (`x`.`MACADDR` = ?))',
    );
    expect(one({ field: 'bios.SSN', op: 'IS_EMPTY' }).sql).toContain(
      '`h`.`ID` not in (select `x`.`HARDWARE_ID` from `bios`',
    );
    expect(one({ field: 'accountinfo.fields_3', op: 'SMALLER', value: '2025-01-01' }).sql).toContain(
      'from `accountinfo` as `x` where (`x`.`fields_3` < ?)',
    );
  });

  it('searches software (has / has not, version) and settings, packages, registry', () => {
    const has = one({ field: 'software.NAME', op: 'HAS', value: 'Firefox*', qualifier: '133.*' });
    expect(has.sql).toContain(
      '`h`.`ID` in (select `s`.`HARDWARE_ID` from `software` as `s` where `s`.`NAME_ID` in (select `ID` from `software_name` where `NAME` like ?) and `s`.`VERSION_ID` in (select `ID` from `software_version` where `VERSION` like ?))',
    );
    expect(has.bindings).toEqual(['Firefox%', '133.%']);
    expect(one({ field: 'software.NAME', op: 'HAS_NOT', value: 'VLC' }).sql).toContain(
      '`h`.`ID` not in (select `s`.`HARDWARE_ID`',
    );
    expect(one({ field: 'software.NAME', op: 'EQUAL', value: 'VLC' }).sql).toContain('where `NAME` = ?');
    const freq = one({ field: 'devices.FREQUENCY', op: 'EQUAL', value: '-1' });
    expect(freq.sql).toContain('from `devices` as `d` where `d`.`NAME` = ? and (`d`.`IVALUE` = ?)');
    expect(freq.bindings).toEqual(['FREQUENCY', '-1']);
    expect(one({ field: 'devices.IPDISCOVER', op: 'IS_EMPTY' }).sql).toContain(
      '`h`.`ID` not in (select `d`.`HARDWARE_ID` from `devices` as `d` where `d`.`NAME` = ?)',
    );
    const pkg = one({ field: 'devices.DOWNLOAD', op: 'EQUAL', value: 'ERROR', qualifier: '1700000000' });
    expect(pkg.sql).toContain('`d`.`IVALUE` in (select `ID` from `download_enable` where `FILEID` = ?)');
    expect(pkg.sql).toContain('`d`.`TVALUE` like ? or `d`.`TVALUE` like ?');
    expect(one({ field: 'devices.DOWNLOAD', op: 'EQUAL', value: 'WAITING' }).sql).toContain(
      '`d`.`TVALUE` is null',
    );
    expect(one({ field: 'registry.REGVALUE', op: 'LIKE', value: '16*', qualifier: 'Office' }).sql).toContain(
      '`x`.`NAME` = ? and (`x`.`REGVALUE` like ?)',
    );
  });

  it('inlines software names resolved to dictionary IDs (constant NAME_IDs, bindings only)', () => {
    const c: Criterion[] = [
      { field: 'hardware.MEMORY', op: 'BIGGER', value: '1' },
      { field: 'software.NAME', op: 'HAS', value: 'Google Chrome' },
      { field: 'software.NAME', op: 'HAS_NOT', value: 'VLC', qualifier: '3.*' },
    ];
    const ids: ResolvedIds = new Map([
      [1, { names: [886, 887], versions: null }],
      [2, { names: [12], versions: [4, 5] }],
    ]);
    const r = sql({ criteria: c }, ids);
    // Few names next to another positive criterion: correlated, so probed per candidate (softwareProbe).
    expect(r.sql).toContain(
      '`h`.`ID` in (select `s`.`HARDWARE_ID` from `software` as `s` where `s`.`NAME_ID` in (?, ?) and `s`.`HARDWARE_ID` = `h`.`ID`)',
    );
    // Alone, the name's index entries are read once (not correlated).
    expect(sql({ criteria: [c[1]!] }, new Map([[0, ids.get(1)!]])).sql).toContain('`s`.`NAME_ID` in (?, ?))');
    expect(r.sql).toContain(
      '`h`.`ID` not in (select `s`.`HARDWARE_ID` from `software` as `s` where `s`.`NAME_ID` in (?) and `s`.`VERSION_ID` in (?, ?))',
    );
    expect(r.bindings).toEqual(['1', 886, 887, 12, 4, 5]);
    // Too many names (null): the dictionary subquery stays.
    expect(sql({ criteria: [c[1]!] }, new Map([[0, { names: null, versions: null }]])).sql).toContain(
      'in (select `ID` from `software_name` where `NAME` like ?)',
    );
    // ...and next to another positive criterion it is probed per candidate too: materializing every
    // software row of hundreds of names costs far more than the candidates' own rows.
    expect(sql({ criteria: [c[0]!, c[1]!] }, new Map([[1, { names: null, versions: null }]])).sql).toContain(
      'in (select `ID` from `software_name` where `NAME` like ?) and `s`.`HARDWARE_ID` = `h`.`ID`)',
    );
    // Between PROBE_MAX_NAMES and MAX_INLINE_IDS names: materialized (n index dives per candidate).
    expect(
      sql({ criteria: [c[0]!, c[1]!] }, new Map([[1, { names: [1, 2, 3, 4, 5], versions: null }]])).sql,
    ).toContain('`s`.`NAME_ID` in (?, ?, ?, ?, ?))');
    // A name nobody has: "has" matches nothing, "has not" everything (also inside OR).
    expect(sql({ criteria: [c[1]!] }, new Map([[0, { names: [], versions: null }]])).sql).toContain(
      '(1 = 0)',
    );
    const any = sql(
      { criteria: [c[0]!, { field: 'software.NAME', op: 'HAS_NOT', value: 'Nope' }], match: 'any' },
      new Map([[1, { names: [], versions: null }]]),
    );
    expect(any.sql).toContain('((`h`.`MEMORY` > ?) or (1 = 1))');
  });

  it('probes every software criterion per row in a walk, after the cheap criteria, without the NAME_ID key', () => {
    const c: Criterion[] = [
      { field: 'software.NAME', op: 'HAS_NOT', value: 'VLC*' },
      { field: 'software.NAME', op: 'HAS', value: "x' OR 1=1 -- " },
      { field: 'hardware.MEMORY', op: 'BIGGER', value: '1' },
    ];
    const walkSchema = {
      ...schema,
      singleColumnIndex: new Map([['software', new Map([['NAME_ID', 'NAME_ID']])]]),
    };
    const q = k.from({ h: 'hardware' }).select('h.ID');
    applyFilter(
      k,
      q,
      walkSchema,
      { criteria: c, match: 'all' },
      new Map([[0, { names: [895], versions: null }]]),
      true,
    );
    const r = q.toSQL();
    // Memory first; "has not" correlated too (NOT IN of the candidate's own rows, not materialized).
    expect(r.sql).toBe(
      'select `h`.`ID` from `hardware` as `h` where ((`h`.`MEMORY` > ?) and ' +
        '(`h`.`ID` not in (select `s`.`HARDWARE_ID` from `software` AS `s` IGNORE INDEX (`NAME_ID`) where `s`.`NAME_ID` in (?) and `s`.`HARDWARE_ID` = `h`.`ID`)) and ' +
        '(`h`.`ID` in (select `s`.`HARDWARE_ID` from `software` AS `s` IGNORE INDEX (`NAME_ID`) where `s`.`NAME_ID` in (select `ID` from `software_name` where `NAME` like ?) and `s`.`HARDWARE_ID` = `h`.`ID`)))',
    );
    // The user's text stays a binding.
    expect(r.bindings).toEqual(['1', 895, "%x' OR 1=1 -- %"]);
  });

  it('combines criteria with AND or OR, and the quick filter', () => {
    const c: Criterion[] = [
      { field: 'hardware.OSNAME', op: 'LIKE', value: 'Win*' },
      { field: 'hardware.MEMORY', op: 'BIGGER', value: '1' },
    ];
    expect(sql({ criteria: c }).sql).toContain('((`h`.`OSNAME` like ?) and (`h`.`MEMORY` > ?))');
    expect(sql({ criteria: c, match: 'any' }).sql).toContain('((`h`.`OSNAME` like ?) or (`h`.`MEMORY` > ?))');
    const q = sql({ quick: 'par' });
    expect(q.sql).toContain('(`h`.`NAME` like ? or `h`.`USERID` like ?)');
    expect(q.bindings).toEqual(['par%', 'par%']);
  });

  it('refuses unknown fields, wrong operators and bad values', () => {
    expect(fails(() => one({ field: 'hardware.NOPE', op: 'EQUAL', value: '1' })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(fails(() => one({ field: 'operators.PASSWD', op: 'EQUAL', value: '1' })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(fails(() => one({ field: 'software.NAME', op: 'SMALLER', value: '1' })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(fails(() => one({ field: 'hardware.MEMORY', op: 'EQUAL', value: "1' OR '1'='1" })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(fails(() => one({ field: 'hardware.LASTDATE', op: 'BIGGER', value: 'yesterday' })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(fails(() => one({ field: 'hardware.MEMORY', op: 'BETWEEN', value: '1' })).fields?.[0]?.path).toBe(
      'filter.criteria.0.value2',
    );
  });
});

describe('column allowlists', () => {
  const cols = gridColumns(schema);
  it('accepts known columns only and sorts on indexed ones', () => {
    expect(resolveColumns(cols, ['hardware.NAME', 'accountinfo.fields_3']).map((c) => c.id)).toEqual([
      'hardware.NAME',
      'accountinfo.fields_3',
    ]);
    expect(() => resolveColumns(cols, ['hardware.PASSWD'])).toThrow(AppError);
    expect(() => resolveColumns(cols, ['bios.HARDWARE_ID'])).toThrow(AppError);
    expect(resolveSort(cols, { column: 'hardware.NAME', dir: 'asc' }).col.id).toBe('hardware.NAME');
    expect(() => resolveSort(cols, { column: 'hardware.IPADDR', dir: 'asc' })).toThrow(AppError);
    expect(cols.find((c) => c.id === 'accountinfo.fields_3')?.label).toBe('Purchase date');
  });
});
