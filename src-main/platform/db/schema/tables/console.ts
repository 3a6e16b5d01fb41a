import { col, table, type TableDef } from '../table-def';

export const config: TableDef = table(
  'config',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('NAME', 'varchar(50)', { nn: true }),
    col('IVALUE', 'int(11)'),
    col('TVALUE', 'varchar(255)'),
    col('COMMENTS', 'text'),
  ],
  {
    primary: ['NAME'],
  },
);

export const operators: TableDef = table(
  'operators',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'varchar(255)', { nn: true, def: "''" }),
    col('FIRSTNAME', 'varchar(255)'),
    col('LASTNAME', 'varchar(255)'),
    col('PASSWD', 'varchar(255)'),
    col('ACCESSLVL', 'int(11)'),
    col('COMMENTS', 'text'),
    col('NEW_ACCESSLVL', 'varchar(255)'),
    col('EMAIL', 'varchar(255)'),
    col('USER_GROUP', 'varchar(255)'),
    col('PASSWORD_VERSION', 'int(11)', { def: '0' }),
  ],
  {
    primary: ['ID'],
  },
);

export const tags: TableDef = table(
  'tags',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('Tag', 'varchar(100)', { nn: true, def: "''" }),
    col('Login', 'varchar(100)', { nn: true, def: "''" }),
  ],
  {
    primary: ['Tag', 'Login'],
    keys: [
      { name: 'Login', cols: ['Login'] },
      { name: 'Tag', cols: ['Tag'] },
    ],
  },
);

export const accountinfoConfig: TableDef = table(
  'accountinfo_config',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('NAME_ACCOUNTINFO', 'varchar(255)'),
    col('TYPE', 'int(11)'),
    col('NAME', 'varchar(255)'),
    col('ID_TAB', 'int(11)'),
    col('COMMENT', 'varchar(255)'),
    col('SHOW_ORDER', 'int(11)', { nn: true }),
    col('ACCOUNT_TYPE', 'varchar(255)'),
    col('DEFAULT_VALUE', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
  },
);

export const languages: TableDef = table(
  'languages',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('NAME', 'varchar(60)', { nn: true }), col('IMG', 'blob'), col('JSON_VALUE', 'longtext')],
  {
    primary: ['NAME'],
  },
);

export const saveQuery: TableDef = table(
  'save_query',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('QUERY_NAME', 'varchar(255)', { nn: true }),
    col('DESCRIPTION', 'text'),
    col('PARAMETERS', 'text', { nn: true }),
    col('WHO_CAN_SEE', 'varchar(255)', { def: "'ALL'" }),
    col('USER_ID', 'varchar(255)'),
    col('GROUP_ID', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
  },
);

export const layouts: TableDef = table(
  'layouts',
  { engine: 'InnoDB', coll: 'general_ci', since: 'update' },
  [
    col('ID', 'bigint(20)', { nn: true, ai: true }),
    col('LAYOUT_NAME', 'varchar(255)', { nn: true }),
    col('CREATOR', 'varchar(255)', { nn: true }),
    col('TABLE_NAME', 'varchar(255)', { nn: true }),
    col('DESCRIPTION', 'varchar(255)'),
    col('VISIBLE_COL', 'text', { nn: true }),
    col('VISIBILITY_SCOPE', 'varchar(255)', { def: "'USER'" }),
    col('GROUP_ID', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
  },
);

export const history: TableDef = table(
  'history',
  { engine: 'InnoDB', coll: 'general_ci', since: 'update' },
  [
    col('ID', 'bigint(20)', { nn: true, ai: true }),
    col('USER', 'varchar(255)', { nn: true }),
    col('DATETIME_ACTION', 'datetime', { nn: true }),
    col('ACTION', 'varchar(255)', { nn: true }),
    col('TARGET', 'varchar(255)', { nn: true }),
  ],
  {
    primary: ['ID'],
  },
);

export const authAttempt: TableDef = table(
  'auth_attempt',
  { engine: 'InnoDB', coll: 'general_ci', since: 'update' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('DATETIMEATTEMPT', 'datetime', { nn: true }),
    col('LOGIN', 'varchar(255)', { coll: 'bin' }),
    col('IP', 'varchar(255)', { coll: 'bin' }),
    col('SUCCESS', 'int(1)'),
  ],
  {
    primary: ['ID'],
  },
);

export const notification: TableDef = table(
  'notification',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('TYPE', 'varchar(255)', { nn: true }),
    col('FILE', 'varchar(255)'),
    col('SUBJECT', 'varchar(255)'),
    col('ALTBODY', 'text'),
  ],
  {
    primary: ['ID'],
  },
);

export const notificationConfig: TableDef = table(
  'notification_config',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('NAME', 'varchar(255)', { nn: true }),
    col('TVALUE', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
  },
);

export const reportsNotifications: TableDef = table(
  'reports_notifications',
  { engine: 'InnoDB', coll: 'general_ci', since: 'update' },
  [
    col('ID', 'bigint(20)', { nn: true, ai: true }),
    col('GROUP_ID', 'int(11)', { nn: true }),
    col('RECURRENCE', 'varchar(255)', { nn: true }),
    col('END_DATE', 'datetime'),
    col('DATE_CREATED', 'datetime'),
    col('WEEKDAY', 'varchar(255)'),
    col('LAST_EXEC', 'datetime'),
    col('MAIL', 'varchar(255)', { nn: true }),
    col('STATUS', 'varchar(255)', { nn: true }),
  ],
  {
    primary: ['ID'],
  },
);

export const scheduleWOL: TableDef = table(
  'schedule_WOL',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('MACHINE_ID', 'varchar(255)', { nn: true }),
    col('WOL_DATE', 'datetime', { nn: true }),
  ],
  {
    primary: ['ID'],
  },
);

export const assetsCategories: TableDef = table(
  'assets_categories',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('CATEGORY_NAME', 'varchar(255)', { nn: true }),
    col('CATEGORY_DESC', 'varchar(255)', { nn: true }),
    col('SQL_QUERY', 'text', { nn: true }),
    col('SQL_ARGS', 'text', { nn: true }),
  ],
  {
    primary: ['ID'],
  },
);

export const extensions: TableDef = table(
  'extensions',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('id', 'varchar(255)', { nn: true, coll: 'bin' }),
    col('name', 'varchar(255)', { nn: true, coll: 'bin' }),
    col('description', 'varchar(255)', { coll: 'bin' }),
    col('version', 'double', { nn: true }),
    col('licence', 'varchar(255)', { coll: 'bin' }),
    col('author', 'varchar(255)', { coll: 'bin' }),
    col('contributor', 'varchar(255)', { coll: 'bin' }),
    col('install_date', 'timestamp', {
      nn: true,
      def: 'current_timestamp()',
      extra: 'on update current_timestamp()',
    }),
  ],
  {
    primary: ['id'],
  },
);

export const consoleTables: TableDef[] = [
  config,
  operators,
  tags,
  accountinfoConfig,
  languages,
  saveQuery,
  layouts,
  history,
  authAttempt,
  notification,
  notificationConfig,
  reportsNotifications,
  scheduleWOL,
  assetsCategories,
  extensions,
];
