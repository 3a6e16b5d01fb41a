import { col, table, type TableDef } from '../table-def';

export const networks: TableDef = table(
  'networks',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('DESCRIPTION', 'varchar(255)'),
    col('TYPE', 'varchar(255)'),
    col('TYPEMIB', 'varchar(255)'),
    col('SPEED', 'varchar(255)'),
    col('MTU', 'varchar(255)'),
    col('MACADDR', 'varchar(255)'),
    col('STATUS', 'varchar(255)'),
    col('IPADDRESS', 'varchar(255)'),
    col('IPMASK', 'varchar(255)'),
    col('IPGATEWAY', 'varchar(255)'),
    col('IPSUBNET', 'varchar(255)'),
    col('IPDHCP', 'varchar(255)'),
    col('VIRTUALDEV', 'tinyint(1)', { def: '0' }),
  ],
  {
    primary: ['ID'],
    keys: [
      { name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] },
      { name: 'IPADDRESS', cols: ['IPADDRESS'] },
      { name: 'IPGATEWAY', cols: ['IPGATEWAY'] },
      { name: 'IPSUBNET', cols: ['IPSUBNET'] },
      { name: 'MACADDR', cols: ['MACADDR'] },
    ],
  },
);

export const printers: TableDef = table(
  'printers',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('NAME', 'varchar(255)'),
    col('DRIVER', 'varchar(255)'),
    col('PORT', 'varchar(255)'),
    col('DESCRIPTION', 'varchar(255)'),
    col('SERVERNAME', 'varchar(255)'),
    col('SHARENAME', 'varchar(255)'),
    col('RESOLUTION', 'varchar(50)'),
    col('COMMENT', 'varchar(255)'),
    col('SHARED', 'int(11)'),
    col('NETWORK', 'int(11)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const sounds: TableDef = table(
  'sounds',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('MANUFACTURER', 'varchar(255)'),
    col('NAME', 'varchar(255)'),
    col('DESCRIPTION', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const videos: TableDef = table(
  'videos',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('NAME', 'varchar(255)'),
    col('CHIPSET', 'varchar(255)'),
    col('MEMORY', 'varchar(255)'),
    col('RESOLUTION', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const virtualmachines: TableDef = table(
  'virtualmachines',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('NAME', 'varchar(255)'),
    col('STATUS', 'varchar(255)'),
    col('SUBSYSTEM', 'varchar(255)'),
    col('VMTYPE', 'varchar(255)'),
    col('UUID', 'varchar(255)'),
    col('VCPU', 'int(11)'),
    col('MEMORY', 'int(11)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const cpus: TableDef = table(
  'cpus',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('MANUFACTURER', 'varchar(255)'),
    col('TYPE', 'varchar(255)'),
    col('SERIALNUMBER', 'varchar(255)'),
    col('SPEED', 'varchar(255)'),
    col('CORES', 'int(11)'),
    col('L2CACHESIZE', 'varchar(255)'),
    col('CPUARCH', 'varchar(255)'),
    col('DATA_WIDTH', 'int(11)'),
    col('CURRENT_ADDRESS_WIDTH', 'int(11)'),
    col('LOGICAL_CPUS', 'int(11)'),
    col('VOLTAGE', 'varchar(255)'),
    col('CURRENT_SPEED', 'varchar(255)'),
    col('SOCKET', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const sim: TableDef = table(
  'sim',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('OPERATOR', 'varchar(255)'),
    col('OPNAME', 'varchar(255)'),
    col('COUNTRY', 'varchar(255)'),
    col('SERIALNUMBER', 'varchar(255)'),
    col('DEVICEID', 'varchar(255)'),
    col('PHONENUMBER', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const batteries: TableDef = table(
  'batteries',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('LOCATION', 'varchar(255)'),
    col('MANUFACTURER', 'varchar(255)'),
    col('MANUFACTUREDATE', 'varchar(10)'),
    col('SERIALNUMBER', 'varchar(255)'),
    col('NAME', 'varchar(255)'),
    col('CHEMISTRY', 'varchar(20)'),
    col('DESIGNCAPACITY', 'varchar(10)'),
    col('DESIGNVOLTAGE', 'varchar(20)'),
    col('SBDSVERSION', 'varchar(255)'),
    col('MAXERROR', 'int(11)'),
    col('OEMSPECIFIC', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [
      { name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] },
      { name: 'MANUFACTURER', cols: ['MANUFACTURER'] },
      { name: 'NAME', cols: ['NAME'] },
    ],
  },
);

export const usbdevices: TableDef = table(
  'usbdevices',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('DESCRIPTION', 'varchar(255)'),
    col('INTERFACE', 'varchar(255)'),
    col('MANUFACTURER', 'varchar(255)'),
    col('SERIAL', 'varchar(255)'),
    col('TYPE', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const repository: TableDef = table(
  'repository',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('BASEURL', 'varchar(255)'),
    col('EXCLUDE', 'varchar(255)'),
    col('EXCLUDED', 'varchar(255)'),
    col('EXPIRE', 'varchar(255)'),
    col('FILENAME', 'varchar(255)'),
    col('MIRRORS', 'varchar(255)'),
    col('NAME', 'varchar(255)'),
    col('PKGS', 'varchar(255)'),
    col('REVISION', 'varchar(255)'),
    col('SIZE', 'varchar(255)'),
    col('TAG', 'varchar(255)'),
    col('UPDATED', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const javainfo: TableDef = table(
  'javainfo',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('JAVANAME', 'varchar(255)', { def: "'NONAME'" }),
    col('JAVAPATHLEVEL', 'int(11)', { def: '0' }),
    col('JAVACOUNTRY', 'varchar(255)'),
    col('JAVACLASSPATH', 'varchar(255)'),
    col('JAVAHOME', 'varchar(255)'),
  ],
  {
    primary: ['HARDWARE_ID'],
  },
);

export const journallog: TableDef = table(
  'journallog',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('JOURNALLOG', 'longtext'),
    col('LISTENERNAME', 'varchar(255)', { def: "'NONAME'" }),
    col('DATE', 'varchar(255)'),
    col('STATUS', 'int(11)', { def: '0' }),
    col('ERRORCODE', 'int(11)', { def: '0' }),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const localUsers: TableDef = table(
  'local_users',
  { engine: 'InnoDB', coll: 'general_ci', since: 'update' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('ID_USER', 'varchar(255)', { coll: 'bin' }),
    col('GID', 'varchar(255)', { coll: 'bin' }),
    col('NAME', 'varchar(255)', { coll: 'bin' }),
    col('HOME', 'varchar(255)', { coll: 'bin' }),
    col('SHELL', 'varchar(255)', { coll: 'bin' }),
    col('LOGIN', 'varchar(255)', { coll: 'bin' }),
    col('MEMBER', 'varchar(255)', { coll: 'bin' }),
  ],
  {
    primary: ['ID', 'HARDWARE_ID'],
  },
);

export const localGroups: TableDef = table(
  'local_groups',
  { engine: 'InnoDB', coll: 'general_ci', since: 'update' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('ID_GROUP', 'varchar(255)', { coll: 'bin' }),
    col('NAME', 'varchar(255)', { coll: 'bin' }),
    col('MEMBER', 'varchar(255)', { coll: 'bin' }),
  ],
  {
    primary: ['ID', 'HARDWARE_ID'],
  },
);

export const unixusers: TableDef = table(
  'unixusers',
  { engine: 'InnoDB', coll: 'bin' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('ID_USERS', 'varchar(255)'),
    col('GID_USERS', 'varchar(255)'),
    col('NAME_USERS', 'varchar(255)'),
    col('HOME_USERS', 'varchar(255)'),
    col('SHELL_USERS', 'varchar(255)'),
    col('LOGIN_USERS', 'varchar(255)'),
    col('ID_GROUP', 'varchar(255)'),
    col('NAME_GROUP', 'varchar(255)'),
    col('MEMBER_GROUP', 'varchar(255)'),
  ],
  {
    primary: ['ID', 'HARDWARE_ID'],
  },
);

export const accesslog: TableDef = table(
  'accesslog',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('USERID', 'varchar(255)'),
    col('LOGDATE', 'datetime'),
    col('PROCESSES', 'text'),
  ],
  {
    primary: ['ID'],
    keys: [
      { name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] },
      { name: 'USERID', cols: ['USERID'] },
    ],
  },
);

export const itmgmtComments: TableDef = table(
  'itmgmt_comments',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('COMMENTS', 'longtext'),
    col('USER_INSERT', 'varchar(100)'),
    col('DATE_INSERT', 'date'),
    col('ACTION', 'varchar(255)'),
    col('VISIBLE', 'int(11)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const archive: TableDef = table(
  'archive',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('ID', 'int(11)', { nn: true, ai: true }), col('HARDWARE_ID', 'int(11)', { nn: true })],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'], unique: true }],
    // The schema's only foreign key (ocsbase_new.sql, update 7034.sql): a computer cannot be deleted while
    // archived. The comm server and ocsreports rely on it; OCS Desk's databases must behave the same.
    foreignKeys: [{ name: 'archive_ibfk_1', cols: ['HARDWARE_ID'], table: 'hardware', refCols: ['ID'] }],
  },
);

export const saas: TableDef = table(
  'saas',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('SAAS_EXP_ID', 'int(11)', { nn: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('ENTRY', 'varchar(255)', { nn: true }),
    col('DATA', 'varchar(255)', { nn: true }),
    col('TTL', 'int(11)', { nn: true }),
  ],
  {
    primary: ['ID'],
  },
);

export const saasExp: TableDef = table(
  'saas_exp',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('NAME', 'varchar(255)', { nn: true }),
    col('DNS_EXP', 'varchar(255)', { nn: true }),
  ],
  {
    primary: ['ID'],
  },
);

export const inventoryTables: TableDef[] = [
  networks,
  printers,
  sounds,
  videos,
  virtualmachines,
  cpus,
  sim,
  batteries,
  usbdevices,
  repository,
  javainfo,
  journallog,
  localUsers,
  localGroups,
  unixusers,
  accesslog,
  itmgmtComments,
  archive,
  saas,
  saasExp,
];
