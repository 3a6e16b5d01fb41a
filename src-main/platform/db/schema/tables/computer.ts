import { col, table, type TableDef } from '../table-def';

export const hardware: TableDef = table(
  'hardware',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('DEVICEID', 'varchar(255)', { nn: true }),
    col('NAME', 'varchar(255)'),
    col('WORKGROUP', 'varchar(255)'),
    col('USERDOMAIN', 'varchar(255)'),
    col('OSNAME', 'varchar(255)'),
    col('OSVERSION', 'varchar(255)'),
    col('OSCOMMENTS', 'varchar(255)'),
    col('PROCESSORT', 'varchar(255)'),
    col('PROCESSORS', 'int(11)', { def: '0' }),
    col('PROCESSORN', 'smallint(6)'),
    col('MEMORY', 'int(11)'),
    col('SWAP', 'int(11)'),
    col('IPADDR', 'varchar(255)'),
    col('DNS', 'varchar(255)'),
    col('DEFAULTGATEWAY', 'varchar(255)'),
    col('ETIME', 'datetime'),
    col('LASTDATE', 'datetime'),
    col('LASTCOME', 'datetime'),
    col('QUALITY', 'decimal(7,4)'),
    col('FIDELITY', 'bigint(20)', { def: '1' }),
    col('USERID', 'varchar(255)'),
    col('TYPE', 'int(11)'),
    col('DESCRIPTION', 'varchar(255)'),
    col('WINCOMPANY', 'varchar(255)'),
    col('WINOWNER', 'varchar(255)'),
    col('WINPRODID', 'varchar(255)'),
    col('WINPRODKEY', 'varchar(255)'),
    col('USERAGENT', 'varchar(50)'),
    col('CHECKSUM', 'bigint(20) unsigned', { def: '262143' }),
    col('SSTATE', 'int(11)', { def: '0' }),
    col('IPSRC', 'varchar(255)'),
    col('UUID', 'varchar(255)'),
    col('ARCH', 'varchar(10)'),
    col('CATEGORY_ID', 'int(11)'),
    col('ARCHIVE', 'int(11)'),
  ],
  {
    primary: ['ID'],
    keys: [
      { name: 'CHECKSUM', cols: ['CHECKSUM'] },
      { name: 'DEVICEID', cols: ['DEVICEID'] },
      { name: 'MEMORY', cols: ['MEMORY'] },
      { name: 'NAME', cols: ['NAME'] },
      { name: 'OSNAME', cols: ['OSNAME'] },
      { name: 'USERID', cols: ['USERID'] },
      { name: 'WORKGROUP', cols: ['WORKGROUP'] },
    ],
  },
);

export const accountinfo: TableDef = table(
  'accountinfo',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('HARDWARE_ID', 'int(11)', { nn: true }), col('TAG', 'varchar(255)', { def: "'NA'" })],
  {
    primary: ['HARDWARE_ID'],
    keys: [{ name: 'TAG', cols: ['TAG'] }],
  },
);

export const bios: TableDef = table(
  'bios',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('SMANUFACTURER', 'varchar(255)'),
    col('SMODEL', 'varchar(255)'),
    col('SSN', 'varchar(255)'),
    col('TYPE', 'varchar(255)'),
    col('BMANUFACTURER', 'varchar(255)'),
    col('BVERSION', 'varchar(255)'),
    col('BDATE', 'varchar(255)'),
    col('ASSETTAG', 'varchar(255)'),
    col('MMANUFACTURER', 'varchar(255)'),
    col('MMODEL', 'varchar(255)'),
    col('MSN', 'varchar(255)'),
  ],
  {
    primary: ['HARDWARE_ID'],
    keys: [
      { name: 'ASSETTAG', cols: ['ASSETTAG'] },
      { name: 'SSN', cols: ['SSN'] },
    ],
  },
);

export const memories: TableDef = table(
  'memories',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('CAPTION', 'varchar(255)'),
    col('DESCRIPTION', 'varchar(255)'),
    col('CAPACITY', 'int(11)'),
    col('PURPOSE', 'varchar(255)'),
    col('TYPE', 'varchar(255)'),
    col('SPEED', 'varchar(255)'),
    col('NUMSLOTS', 'smallint(6)'),
    col('SERIALNUMBER', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const slots: TableDef = table(
  'slots',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('NAME', 'varchar(255)'),
    col('DESCRIPTION', 'varchar(255)'),
    col('DESIGNATION', 'varchar(255)'),
    col('PURPOSE', 'varchar(255)'),
    col('STATUS', 'varchar(255)'),
    col('PSHARE', 'tinyint(4)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const registry: TableDef = table(
  'registry',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('NAME', 'varchar(255)'),
    col('REGVALUE', 'text'),
  ],
  {
    primary: ['ID'],
    keys: [
      { name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] },
      { name: 'NAME', cols: ['NAME'] },
    ],
  },
);

export const controllers: TableDef = table(
  'controllers',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('MANUFACTURER', 'varchar(255)'),
    col('NAME', 'varchar(255)'),
    col('CAPTION', 'varchar(255)'),
    col('DESCRIPTION', 'varchar(255)'),
    col('VERSION', 'varchar(255)'),
    col('TYPE', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const monitors: TableDef = table(
  'monitors',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('MANUFACTURER', 'varchar(255)'),
    col('CAPTION', 'varchar(255)'),
    col('DESCRIPTION', 'varchar(255)'),
    col('TYPE', 'varchar(255)'),
    col('SERIAL', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const ports: TableDef = table(
  'ports',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('TYPE', 'varchar(255)'),
    col('NAME', 'varchar(255)'),
    col('CAPTION', 'varchar(255)'),
    col('DESCRIPTION', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const storages: TableDef = table(
  'storages',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('MANUFACTURER', 'varchar(255)'),
    col('NAME', 'varchar(255)'),
    col('MODEL', 'varchar(255)'),
    col('DESCRIPTION', 'varchar(255)'),
    col('TYPE', 'varchar(255)'),
    col('DISKSIZE', 'int(11)'),
    col('SERIALNUMBER', 'varchar(255)'),
    col('FIRMWARE', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const drives: TableDef = table(
  'drives',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('LETTER', 'varchar(255)'),
    col('TYPE', 'varchar(255)'),
    col('FILESYSTEM', 'varchar(255)'),
    col('TOTAL', 'int(11)'),
    col('FREE', 'int(11)'),
    col('NUMFILES', 'int(11)'),
    col('VOLUMN', 'varchar(255)'),
    col('CREATEDATE', 'date'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const inputs: TableDef = table(
  'inputs',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('TYPE', 'varchar(255)'),
    col('MANUFACTURER', 'varchar(255)'),
    col('CAPTION', 'varchar(255)'),
    col('DESCRIPTION', 'varchar(255)'),
    col('INTERFACE', 'varchar(255)'),
    col('POINTTYPE', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const modems: TableDef = table(
  'modems',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('NAME', 'varchar(255)'),
    col('MODEL', 'varchar(255)'),
    col('DESCRIPTION', 'varchar(255)'),
    col('TYPE', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] }],
  },
);

export const computerTables: TableDef[] = [
  hardware,
  accountinfo,
  bios,
  memories,
  slots,
  registry,
  controllers,
  monitors,
  ports,
  storages,
  drives,
  inputs,
  modems,
];
