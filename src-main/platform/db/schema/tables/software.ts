import { col, table, type TableDef } from '../table-def';

export const software: TableDef = table(
  'software',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'bigint(20)', { nn: true, ai: true }),
    col('HARDWARE_ID', 'int(11)', { nn: true }),
    col('NAME_ID', 'int(11)', { nn: true }),
    col('PUBLISHER_ID', 'int(11)', { nn: true }),
    col('VERSION_ID', 'int(11)', { nn: true }),
    col('FOLDER', 'text'),
    col('COMMENTS', 'text'),
    col('FILENAME', 'varchar(255)'),
    col('FILESIZE', 'int(11)', { def: '0' }),
    col('SOURCE', 'int(11)'),
    col('GUID', 'varchar(255)'),
    col('LANGUAGE', 'varchar(255)'),
    col('INSTALLDATE', 'datetime'),
    col('BITSWIDTH', 'int(11)'),
    col('ARCHITECTURE', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [
      { name: 'HARDWARE_ID', cols: ['HARDWARE_ID'] },
      { name: 'NAME_ID', cols: ['NAME_ID'] },
      { name: 'PUBLISHER_ID', cols: ['PUBLISHER_ID'] },
      { name: 'VERSION_ID', cols: ['VERSION_ID'] },
    ],
  },
);

export const softwareName: TableDef = table(
  'software_name',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('NAME', 'varchar(255)', { nn: true }),
    col('CATEGORY', 'int(11)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'NAME', cols: ['NAME'], unique: true }],
  },
);

export const softwarePublisher: TableDef = table(
  'software_publisher',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('ID', 'int(11)', { nn: true, ai: true }), col('PUBLISHER', 'varchar(255)', { nn: true })],
  {
    primary: ['ID'],
    keys: [{ name: 'PUBLISHER', cols: ['PUBLISHER'], unique: true }],
  },
);

export const softwareVersion: TableDef = table(
  'software_version',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('ID', 'int(11)', { nn: true, ai: true }), col('VERSION', 'varchar(255)', { nn: true })],
  {
    primary: ['ID'],
    keys: [{ name: 'VERSION', cols: ['VERSION'], unique: true }],
  },
);

export const softwareLink: TableDef = table(
  'software_link',
  { engine: 'InnoDB', coll: 'general_ci', since: 'update' },
  [
    col('ID', 'bigint(20)', { nn: true, ai: true }),
    col('NAME_ID', 'int(11)', { nn: true }),
    col('PUBLISHER_ID', 'int(11)', { nn: true }),
    col('VERSION_ID', 'int(11)', { nn: true }),
    col('CATEGORY_ID', 'int(11)'),
    col('IDENTIFIER', 'varchar(255)', { nn: true, coll: 'bin' }),
    col('COUNT', 'int(11)'),
  ],
  {
    primary: ['ID'],
    keys: [
      { name: 'NAME_ID', cols: ['NAME_ID'] },
      { name: 'PUBLISHER_ID', cols: ['PUBLISHER_ID'] },
      { name: 'VERSION_ID', cols: ['VERSION_ID'] },
    ],
  },
);

export const softwareCategories: TableDef = table(
  'software_categories',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('CATEGORY_NAME', 'varchar(255)', { nn: true }),
    col('OS', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
  },
);

export const softwareCategoryExp: TableDef = table(
  'software_category_exp',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('CATEGORY_ID', 'int(11)', { nn: true }),
    col('SOFTWARE_EXP', 'varchar(255)', { nn: true }),
    col('SIGN_VERSION', 'varchar(255)'),
    col('VERSION', 'varchar(255)'),
    col('PUBLISHER', 'varchar(255)'),
    col('ID', 'int(11)', { nn: true, ai: true }),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'CATEGORY_ID', cols: ['CATEGORY_ID'] }],
  },
);

export const softwareCategoriesLink: TableDef = table(
  'software_categories_link',
  { engine: 'InnoDB', coll: 'general_ci', since: 'update' },
  [
    col('ID', 'bigint(20)', { nn: true, ai: true }),
    col('NAME_ID', 'int(11)', { nn: true }),
    col('PUBLISHER_ID', 'int(11)', { nn: true }),
    col('VERSION_ID', 'int(11)', { nn: true }),
    col('CATEGORY_ID', 'int(11)', { nn: true }),
  ],
  {
    primary: ['ID'],
    keys: [
      { name: 'CATEGORY_ID', cols: ['CATEGORY_ID'] },
      { name: 'NAME_ID', cols: ['NAME_ID'] },
      { name: 'PUBLISHER_ID', cols: ['PUBLISHER_ID'] },
      { name: 'VERSION_ID', cols: ['VERSION_ID'] },
    ],
  },
);

export const softwaresNameCache: TableDef = table(
  'softwares_name_cache',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('ID', 'int(11)', { nn: true, ai: true }), col('NAME', 'varchar(255)')],
  {
    primary: ['ID'],
    keys: [{ name: 'NAME', cols: ['NAME'], unique: true }],
  },
);

export const dicoSoft: TableDef = table(
  'dico_soft',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('EXTRACTED', 'varchar(255)', { nn: true }), col('FORMATTED', 'varchar(255)', { nn: true })],
  {
    primary: ['EXTRACTED'],
  },
);

export const dicoIgnored: TableDef = table(
  'dico_ignored',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('EXTRACTED', 'varchar(255)', { nn: true })],
  {
    primary: ['EXTRACTED'],
  },
);

export const hardwareOsnameCache: TableDef = table(
  'hardware_osname_cache',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('ID', 'int(11)', { nn: true, ai: true }), col('OSNAME', 'varchar(255)')],
  {
    primary: ['ID'],
    keys: [{ name: 'OSNAME', cols: ['OSNAME'], unique: true }],
  },
);

export const registryNameCache: TableDef = table(
  'registry_name_cache',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('ID', 'int(11)', { nn: true, ai: true }), col('NAME', 'varchar(255)')],
  {
    primary: ['ID'],
    keys: [{ name: 'NAME', cols: ['NAME'], unique: true }],
  },
);

export const registryRegvalueCache: TableDef = table(
  'registry_regvalue_cache',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('ID', 'int(11)', { nn: true, ai: true }), col('REGVALUE', 'text')],
  {
    primary: ['ID'],
  },
);

export const softwareTables: TableDef[] = [
  software,
  softwareName,
  softwarePublisher,
  softwareVersion,
  softwareLink,
  softwareCategories,
  softwareCategoryExp,
  softwareCategoriesLink,
  softwaresNameCache,
  dicoSoft,
  dicoIgnored,
  hardwareOsnameCache,
  registryNameCache,
  registryRegvalueCache,
];
