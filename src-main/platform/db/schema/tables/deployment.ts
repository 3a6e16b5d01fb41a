import { col, table, type TableDef } from '../table-def';

export const devices: TableDef = table(
  'devices',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('NAME', 'varchar(50)', { nn: true }),
    col('IVALUE', 'int(11)'),
    col('TVALUE', 'varchar(255)'),
    col('COMMENTS', 'text'),
  ],
  {
    primary: ['ID'],
    keys: [
      { name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] },
      { name: 'IVALUE', cols: ['IVALUE'] },
      { name: 'NAME', cols: ['NAME'] },
      { name: 'TVALUE', cols: ['TVALUE'] },
    ],
  },
);

export const downloadAvailable: TableDef = table(
  'download_available',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('FILEID', 'varchar(255)', { nn: true }),
    col('NAME', 'varchar(255)', { nn: true }),
    col('PRIORITY', 'int(11)', { nn: true }),
    col('FRAGMENTS', 'int(11)', { nn: true }),
    col('SIZE', 'int(11)', { nn: true }),
    col('OSNAME', 'varchar(255)', { nn: true }),
    col('COMMENT', 'text'),
    col('ID_WK', 'int(11)'),
    col('DELETED', 'int(11)', { def: '0' }),
  ],
  {
    primary: ['FILEID'],
  },
);

export const downloadEnable: TableDef = table(
  'download_enable',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('FILEID', 'varchar(255)', { nn: true }),
    col('INFO_LOC', 'varchar(255)', { nn: true }),
    col('PACK_LOC', 'varchar(255)', { nn: true }),
    col('CERT_PATH', 'varchar(255)'),
    col('CERT_FILE', 'varchar(255)'),
    col('SERVER_ID', 'int(11)'),
    col('GROUP_ID', 'int(11)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'FILEID', cols: ['FILEID'] }],
  },
);

export const downloadHistory: TableDef = table(
  'download_history',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('PKG_ID', 'int(11)', { nn: true, def: '0' }),
    col('PKG_NAME', 'varchar(255)'),
  ],
  {
    primary: ['HARDWARE_ID', 'PKG_ID'],
  },
);

export const downloadServers: TableDef = table(
  'download_servers',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('URL', 'varchar(250)', { nn: true }),
    col('ADD_PORT', 'int(11)', { nn: true }),
    col('ADD_REP', 'varchar(250)', { nn: true }),
    col('GROUP_ID', 'int(11)', { nn: true }),
  ],
  {
    primary: ['HARDWARE_ID'],
  },
);

export const downloadAffectRules: TableDef = table(
  'download_affect_rules',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('RULE', 'int(11)', { nn: true }),
    col('PRIORITY', 'int(11)', { nn: true }),
    col('CFIELD', 'varchar(20)', { nn: true }),
    col('OP', 'varchar(20)', { nn: true }),
    col('COMPTO', 'varchar(20)', { nn: true }),
    col('SERV_VALUE', 'varchar(20)'),
    col('RULE_NAME', 'varchar(200)', { nn: true }),
  ],
  {
    primary: ['ID'],
  },
);

export const downloadwkPack: TableDef = table(
  'downloadwk_pack',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('LOGIN_USER', 'varchar(255)'),
    col('GROUP_USER', 'varchar(255)'),
    col('Q_DATE', 'int(11)'),
    col('fields_1', 'varchar(255)'),
    col('fields_2', 'varchar(255)'),
    col('fields_3', 'varchar(255)'),
    col('fields_4', 'varchar(255)'),
    col('fields_5', 'varchar(255)'),
    col('fields_6', 'varchar(255)'),
    col('fields_7', 'varchar(255)'),
    col('fields_8', 'varchar(255)'),
    col('fields_9', 'varchar(255)'),
    col('fields_10', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
  },
);

export const downloadwkFields: TableDef = table(
  'downloadwk_fields',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('TAB', 'varchar(100)'),
    col('FIELD', 'varchar(100)'),
    col('TYPE', 'int(11)'),
    col('LBL', 'varchar(100)'),
    col('MUST_COMPLETED', 'int(11)'),
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('VALUE', 'varchar(255)'),
    col('DEFAULT_FIELD', 'int(11)'),
    col('RESTRICTED', 'int(11)'),
    col('LINK_STATUS', 'int(11)'),
  ],
  {
    primary: ['ID'],
  },
);

export const downloadwkConfValues: TableDef = table(
  'downloadwk_conf_values',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('FIELD', 'int(11)'),
    col('VALUE', 'varchar(100)'),
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('DEFAULT_FIELD', 'int(11)'),
  ],
  {
    primary: ['ID'],
  },
);

export const downloadwkTabValues: TableDef = table(
  'downloadwk_tab_values',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('FIELD', 'varchar(100)'),
    col('VALUE', 'varchar(100)'),
    col('LBL', 'varchar(100)'),
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('DEFAULT_FIELD', 'int(11)'),
  ],
  {
    primary: ['ID'],
  },
);

export const downloadwkStatutRequest: TableDef = table(
  'downloadwk_statut_request',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('NAME', 'varchar(20)'),
    col('LBL', 'varchar(255)'),
    col('ACTIF', 'int(11)'),
  ],
  {
    primary: ['ID'],
  },
);

export const downloadwkHistory: TableDef = table(
  'downloadwk_history',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('ID_DDE', 'int(11)'),
    col('AUTHOR', 'varchar(255)'),
    col('DATE', 'date'),
    col('ACTION', 'longtext'),
  ],
  {
    primary: ['ID'],
  },
);

export const tempFiles: TableDef = table(
  'temp_files',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('TABLE_NAME', 'varchar(255)'),
    col('FIELDS_NAME', 'varchar(255)'),
    col('file', 'longblob'),
    col('COMMENT', 'longtext'),
    col('AUTHOR', 'varchar(255)'),
    col('FILE_NAME', 'varchar(255)'),
    col('FILE_TYPE', 'varchar(255)'),
    col('FILE_SIZE', 'int(11)'),
    col('ID_DDE', 'int(11)'),
  ],
  {
    primary: ['ID'],
  },
);

export const sslStore: TableDef = table(
  'ssl_store',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('FILE', 'longblob'),
    col('AUTHOR', 'varchar(255)'),
    col('FILE_NAME', 'varchar(255)'),
    col('FILE_TYPE', 'varchar(20)'),
    col('DESCRIPTION', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
  },
);

export const deploy: TableDef = table(
  'deploy',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('NAME', 'varchar(255)', { nn: true }), col('CONTENT', 'longblob', { nn: true })],
  {
    primary: ['NAME'],
  },
);

export const files: TableDef = table(
  'files',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('NAME', 'varchar(100)', { nn: true }),
    col('VERSION', 'varchar(50)', { nn: true }),
    col('OS', 'varchar(70)', { nn: true }),
    col('CONTENT', 'longblob', { nn: true }),
  ],
  {
    primary: ['NAME', 'OS', 'VERSION'],
  },
);

export const deploymentTables: TableDef[] = [
  devices,
  downloadAvailable,
  downloadEnable,
  downloadHistory,
  downloadServers,
  downloadAffectRules,
  downloadwkPack,
  downloadwkFields,
  downloadwkConfValues,
  downloadwkTabValues,
  downloadwkStatutRequest,
  downloadwkHistory,
  tempFiles,
  sslStore,
  deploy,
  files,
];
