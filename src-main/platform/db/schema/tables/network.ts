import { col, table, type TableDef } from '../table-def';

export const netmap: TableDef = table(
  'netmap',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('IP', 'varchar(15)', { nn: true }),
    col('MAC', 'varchar(17)', { nn: true }),
    col('MASK', 'varchar(15)', { nn: true }),
    col('NETID', 'varchar(15)', { nn: true }),
    col('DATE', 'timestamp', { nn: true, def: 'current_timestamp()' }),
    col('NAME', 'varchar(255)'),
    col('TAG', 'varchar(255)'),
    col('HARDWARE_ID', 'int(11)'),
  ],
  {
    primary: ['MAC'],
    keys: [
      { name: 'IP', cols: ['IP'] },
      { name: 'NETID', cols: ['NETID'] },
    ],
  },
);

export const networkDevices: TableDef = table(
  'network_devices',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('DESCRIPTION', 'varchar(255)'),
    col('TYPE', 'varchar(255)'),
    col('MACADDR', 'varchar(255)'),
    col('USER', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'MACADDR', cols: ['MACADDR'] }],
  },
);

export const subnet: TableDef = table(
  'subnet',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('PK', 'int(11)', { nn: true, ai: true }),
    col('NETID', 'varchar(15)', { nn: true }),
    col('NAME', 'varchar(255)'),
    col('ID', 'varchar(255)'),
    col('MASK', 'varchar(255)'),
    col('TAG', 'varchar(255)'),
  ],
  {
    primary: ['PK'],
    keys: [{ name: 'ID', cols: ['ID'] }],
  },
);

export const devicetype: TableDef = table(
  'devicetype',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('ID', 'int(11)', { nn: true, ai: true }), col('NAME', 'varchar(255)')],
  {
    primary: ['ID'],
  },
);

export const blacklistSubnet: TableDef = table(
  'blacklist_subnet',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('SUBNET', 'varchar(20)', { nn: true, def: "''" }),
    col('MASK', 'varchar(20)', { nn: true, def: "''" }),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'SUBNET', cols: ['SUBNET', 'MASK'], unique: true }],
  },
);

export const blacklistMacaddresses: TableDef = table(
  'blacklist_macaddresses',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('ID', 'int(11)', { nn: true, ai: true }), col('MACADDRESS', 'varchar(255)', { nn: true, def: "''" })],
  {
    primary: ['ID'],
    keys: [{ name: 'MACADDRESS', cols: ['MACADDRESS'], unique: true }],
  },
);

export const blacklistSerials: TableDef = table(
  'blacklist_serials',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('ID', 'int(11)', { nn: true, ai: true }), col('SERIAL', 'varchar(255)', { nn: true, def: "''" })],
  {
    primary: ['ID'],
    keys: [{ name: 'SERIAL', cols: ['SERIAL'], unique: true }],
  },
);

export const deletedEquiv: TableDef = table(
  'deleted_equiv',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('DATE', 'timestamp', {
      nn: true,
      def: 'current_timestamp()',
      extra: 'on update current_timestamp()',
    }),
    col('DELETED', 'varchar(255)', { nn: true }),
    col('EQUIVALENT', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'DELETED', cols: ['DELETED'] }],
  },
);

export const regconfig: TableDef = table(
  'regconfig',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('NAME', 'varchar(255)'),
    col('REGTREE', 'int(11)'),
    col('REGKEY', 'text'),
    col('REGVALUE', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'NAME', cols: ['NAME'] }],
  },
);

export const groups: TableDef = table(
  'groups',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('HARDWARE_ID', 'int(11)', { nn: true, def: '0' }),
    col('REQUEST', 'longtext'),
    col('CREATE_TIME', 'int(11)', { def: '0' }),
    col('REVALIDATE_FROM', 'int(11)', { def: '0' }),
    col('XMLDEF', 'longtext'),
  ],
  {
    primary: ['HARDWARE_ID'],
  },
);

export const groupsCache: TableDef = table(
  'groups_cache',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('HARDWARE_ID', 'int(11)', { nn: true, def: '0' }),
    col('GROUP_ID', 'int(11)', { nn: true, def: '0' }),
    col('STATIC', 'int(11)', { def: '0' }),
  ],
  {
    primary: ['HARDWARE_ID', 'GROUP_ID'],
  },
);

export const networkTables: TableDef[] = [
  netmap,
  networkDevices,
  subnet,
  devicetype,
  blacklistSubnet,
  blacklistMacaddresses,
  blacklistSerials,
  deletedEquiv,
  regconfig,
  groups,
  groupsCache,
];
