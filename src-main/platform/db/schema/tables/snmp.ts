import { col, table, type TableDef } from '../table-def';

export const snmpCommunities: TableDef = table(
  'snmp_communities',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('VERSION', 'varchar(5)'),
    col('NAME', 'varchar(255)'),
    col('USERNAME', 'varchar(255)'),
    col('AUTHKEY', 'varchar(255)'),
    col('AUTHPASSWD', 'varchar(255)'),
    col('AUTHPROTO', 'varchar(255)'),
    col('PRIVPROTO', 'varchar(255)'),
    col('PRIVPASSWD', 'varchar(255)'),
    col('LEVEL', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
  },
);

export const snmpConfigs: TableDef = table(
  'snmp_configs',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('TYPE_ID', 'int(11)', { nn: true }),
    col('LABEL_ID', 'int(11)', { nn: true }),
    col('OID', 'varchar(255)', { nn: true }),
    col('RECONCILIATION', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
  },
);

export const snmpLabels: TableDef = table(
  'snmp_labels',
  { engine: 'InnoDB', coll: 'general_ci' },
  [col('ID', 'int(11)', { nn: true, ai: true }), col('LABEL_NAME', 'varchar(255)', { nn: true })],
  {
    primary: ['ID'],
  },
);

export const snmpMibs: TableDef = table(
  'snmp_mibs',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('VENDOR', 'varchar(255)'),
    col('URL', 'varchar(255)'),
    col('CHECKSUM', 'varchar(255)'),
    col('VERSION', 'varchar(5)'),
    col('PARSER', 'varchar(5)'),
  ],
  {
    primary: ['ID'],
  },
);

export const snmpTypes: TableDef = table(
  'snmp_types',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('TYPE_NAME', 'varchar(255)', { nn: true }),
    col('CONDITION_OID', 'varchar(255)', { nn: true }),
    col('CONDITION_VALUE', 'varchar(255)', { nn: true }),
    col('TABLE_TYPE_NAME', 'varchar(255)', { nn: true }),
  ],
  {
    primary: ['ID'],
  },
);

export const snmpTypesConditions: TableDef = table(
  'snmp_types_conditions',
  { engine: 'InnoDB', coll: 'general_ci', since: 'update' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('TYPE_ID', 'int(11)', { nn: true }),
    col('CONDITION_OID', 'varchar(255)', { nn: true, coll: 'bin' }),
    col('CONDITION_VALUE', 'varchar(255)', { coll: 'bin' }),
  ],
  {
    primary: ['ID'],
  },
);

export const snmpDefault: TableDef = table(
  'snmp_default',
  { engine: 'InnoDB', coll: 'general_ci', since: 'update' },
  [
    col('ID', 'int(6)', { nn: true, ai: true }),
    col('DefaultName', 'varchar(255)'),
    col('DefaultDescription', 'varchar(255)'),
    col('DefaultLocation', 'varchar(255)'),
    col('DefaultUptime', 'varchar(255)'),
    col('DefaultAddressIP', 'varchar(255)'),
    col('DefaultGateway', 'varchar(255)'),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'DefaultName', cols: ['DefaultName'], unique: true }],
  },
);

export const snmpAccountinfo: TableDef = table(
  'snmp_accountinfo',
  { engine: 'InnoDB', coll: 'general_ci', since: 'update' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('SNMP_TYPE', 'varchar(255)', { nn: true }),
    col('SNMP_RECONCILIATION_FIELD', 'varchar(255)', { nn: true }),
    col('SNMP_RECONCILIATION_VALUE', 'varchar(255)', { nn: true }),
    col('TAG', 'varchar(255)', { def: "'NA'" }),
  ],
  {
    primary: ['ID'],
    keys: [{ name: 'TAG', cols: ['TAG'] }],
  },
);

export const snmpLinks: TableDef = table(
  'snmp_links',
  { engine: 'InnoDB', coll: 'general_ci' },
  [
    col('ID', 'int(11)', { nn: true, ai: true }),
    col('TYPE_ID', 'int(11)', { nn: true }),
    col('DEVICE_ID', 'int(11)', { nn: true }),
    col('ACCOUNT_ID', 'int(11)', { nn: true }),
  ],
  {
    primary: ['ID'],
  },
);

export const snmpTables: TableDef[] = [
  snmpCommunities,
  snmpConfigs,
  snmpLabels,
  snmpMibs,
  snmpTypes,
  snmpTypesConditions,
  snmpDefault,
  snmpAccountinfo,
  snmpLinks,
];
