import { col, table, type TableDef } from '../table-def';

export const locks: TableDef = table(
  'locks',
  { engine: 'MEMORY', coll: 'general_ci' },
  [
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('ID', 'int(11)'),
    col('SINCE', 'timestamp', {
      nn: true,
      def: 'current_timestamp()',
      extra: 'on update current_timestamp()',
    }),
  ],
  {
    primary: ['HARDWARE_ID'],
    keys: [{ name: 'SINCE', cols: ['SINCE'] }],
  },
);

export const prologConntrack: TableDef = table(
  'prolog_conntrack',
  { engine: 'MEMORY', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('DEVICEID', 'varchar(255)'),
    col('TIMESTAMP', 'int(11)'),
    col('PID', 'int(11)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'DEVICEID', cols: ['DEVICEID'] }],
  },
);

export const conntrack: TableDef = table(
  'conntrack',
  { engine: 'MEMORY', coll: 'general_ci' },
  [
    col('IP', 'varchar(255)', { nn: true, def: "''" }),
    col('TIMESTAMP', 'timestamp', {
      nn: true,
      def: 'current_timestamp()',
      extra: 'on update current_timestamp()',
    }),
  ],
  {
    primary: ['IP'],
  },
);

export const engineMutex: TableDef = table(
  'engine_mutex',
  { engine: 'MEMORY', coll: 'general_ci' },
  [
    col('NAME', 'varchar(255)', { nn: true, def: "''" }),
    col('PID', 'int(11)'),
    col('TAG', 'varchar(255)', { nn: true, def: "''" }),
  ],
  {
    primary: ['NAME', 'TAG'],
    keys: [{ name: 'PID', cols: ['PID'] }],
  },
);

export const enginePersistent: TableDef = table(
  'engine_persistent',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('NAME', 'varchar(255)', { nn: true, def: "''" }),
    col('IVALUE', 'int(11)'),
    col('TVALUE', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'NAME', cols: ['NAME'], unique: true }],
  },
);

export const cveSearch: TableDef = table(
  'cve_search',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('PUBLISHER_ID', 'int(11)', { nn: true }),
    col('NAME_ID', 'int(11)', { nn: true }),
    col('VERSION_ID', 'int(11)', { nn: true }),
    col('CVSS', 'double(4,2)', { nn: true }),
    col('CVE', 'varchar(255)'),
    col('LINK', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
  },
);

export const cveSearchComputer: TableDef = table(
  'cve_search_computer',
  { engine: 'InnoDB', coll: 'general_ci', since: 'update' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('HARDWARE_NAME', 'varchar(255)', { nn: true, coll: 'bin' }),
    col('PUBLISHER', 'varchar(255)', { nn: true, coll: 'bin' }),
    col('VERSION', 'varchar(255)', { nn: true, coll: 'bin' }),
    col('SOFTWARE_NAME', 'varchar(255)', { nn: true, coll: 'bin' }),
    col('CVSS', 'varchar(255)', { nn: true, coll: 'bin' }),
    col('CVE', 'varchar(255)', { nn: true, coll: 'bin' }),
    col('LINK', 'varchar(255)', { nn: true, coll: 'bin' }),
  ],
  {
    primary: ['ID'],
  },
);

export const cveSearchCorrespondance: TableDef = table(
  'cve_search_correspondance',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('NAME_REG', 'varchar(255)', { nn: true }),
    col('PUBLISH_RESULT', 'varchar(255)'),
    col('NAME_RESULT', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
  },
);

export const cveSearchHistory: TableDef = table(
  'cve_search_history',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('FLAG_DATE', 'datetime', { nn: true }),
    col('CVE_NB', 'int(11)', { def: '0' }),
    col('PUBLISHER_ID', 'int(11)', { nn: true }),
  ],
  {
    primary: ['ID'],
  },
);

export const engineTables: TableDef[] = [
  locks,
  prologConntrack,
  conntrack,
  engineMutex,
  enginePersistent,
  cveSearch,
  cveSearchComputer,
  cveSearchCorrespondance,
  cveSearchHistory,
];
