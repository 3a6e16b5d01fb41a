import type { Knex } from 'knex';
import { AppError } from '../../errors';
import { configNames, guiVersion } from '../../ocs/config';
import { addColumnSql, columnSql, createTableSql, ident, keySql, primarySql } from './ddl';
import { introspectSchema } from './introspect';
import { CONFIG_ADDED_BY_UPDATES, CONFIG_ROWS, TARGET_GUI_VERSION } from './seeds';
import type { TableDef } from './table-def';
import { OCS_TABLES } from './tables';
import type { SchemaProgress } from './create';

/** Lowest level an upgrade starts from: the schema the 2.8.1 comm server package ships. */
export const MIN_UPGRADE_LEVEL = 7039;
export const TARGET_LEVEL = Number(TARGET_GUI_VERSION);

export interface UpgradeStep {
  /** What the step does, for the plan shown before running it. */
  readonly note: string;
  readonly sql: readonly string[];
}

export interface UpgradePlan {
  fromLevel: number;
  steps: UpgradeStep[];
  /** Differences the upgrade knowingly leaves alone (e.g. a column an admin widened). */
  untouched: string[];
}

/** Column type changes made by the updates 7040..7069, with how to do them without losing data. */
interface KnownChange {
  table: string;
  column: string;
  from: RegExp;
  /** Rows that would not survive the change; any makes the plan refuse. */
  blockerSql?: string;
  blocker?: string;
  before: string[];
}
const KNOWN_CHANGES: KnownChange[] = [
  {
    table: 'memories',
    column: 'CAPACITY',
    from: /^varchar/,
    blockerSql:
      "SELECT COUNT(*) AS n FROM `memories` WHERE TRIM(COALESCE(`CAPACITY`, '')) <> '' AND TRIM(`CAPACITY`) NOT REGEXP '^[0-9]{1,9}$'",
    blocker:
      'memories.CAPACITY holds {n} value(s) that are not whole numbers of MB; fix them before upgrading',
    // Blank capacities carry no information: NULL, as update 7050 does.
    before: ["UPDATE `memories` SET `CAPACITY` = NULL WHERE TRIM(COALESCE(`CAPACITY`, '')) = ''"],
  },
  { table: 'registry_regvalue_cache', column: 'REGVALUE', from: /^varchar/, before: [] },
];
/** Keys the updates dropped (a unique key on a column that became TEXT). */
const KNOWN_DROPPED_KEYS = [{ table: 'registry_regvalue_cache', key: 'REGVALUE' }];

async function scalar(
  k: Knex,
  sql: string,
  conn?: unknown,
  bindings: readonly string[] = [],
): Promise<number> {
  const q = k.raw(sql, bindings as string[]);
  const [rows] = (await (conn ? q.connection(conn as never) : q)) as [Array<{ n: number | string }>];
  return Number(rows[0]?.n ?? 0);
}

async function levelOf(k: Knex, database: string): Promise<number> {
  const live = await k('information_schema.TABLES')
    .where({ TABLE_SCHEMA: database, TABLE_NAME: 'config' })
    .first('TABLE_NAME');
  if (!live) throw new AppError('DB_SCHEMA_MISSING', { database });
  const v = (await guiVersion(k)) ?? '';
  if (!/^\d+$/.test(v))
    throw new AppError('CONFLICT', {
      detail: `unknown OCS schema level "${v}" in ${database}: not upgraded`,
    });
  const level = Number(v);
  if (level < MIN_UPGRADE_LEVEL) throw new AppError('DB_SCHEMA_TOO_OLD', { level, min: MIN_UPGRADE_LEVEL });
  if (level > TARGET_LEVEL) throw new AppError('DB_SCHEMA_TOO_NEW', { level, max: TARGET_LEVEL });
  return level;
}

function planTable(
  def: TableDef,
  live: TableDef | undefined,
  steps: UpgradeStep[],
  untouched: string[],
): void {
  if (!live) {
    steps.push({ note: `create table ${def.name}`, sql: [createTableSql(def)] });
    return;
  }
  const t = ident(def.name);
  const liveCols = new Map(live.columns.map((c) => [c.name.toLowerCase(), c]));
  const addsPrimary = !live.primary && !!def.primary;
  let primaryDone = false;
  for (const c of def.columns) {
    const have = liveCols.get(c.name.toLowerCase());
    if (!have) {
      // An auto-increment key column (7056: cve_search.ID, saas.ID, subnet.PK) comes with its primary key.
      if (c.autoIncrement && addsPrimary && def.primary?.includes(c.name)) {
        steps.push({
          note: `add column ${def.name}.${c.name} with the primary key`,
          sql: [`${addColumnSql(def, c)}, ADD ${primarySql(def.primary)}`],
        });
        primaryDone = true;
      } else {
        steps.push({ note: `add column ${def.name}.${c.name}`, sql: [addColumnSql(def, c)] });
      }
      continue;
    }
    if (have.type === c.type) continue;
    const known = KNOWN_CHANGES.find(
      (k) => k.table === def.name && k.column === c.name && k.from.test(have.type),
    );
    if (known) {
      const drops = KNOWN_DROPPED_KEYS.filter(
        (d) => d.table === def.name && live.keys.some((k) => k.name === d.key),
      ).map((d) => `ALTER TABLE ${t} DROP KEY ${ident(d.key)}`);
      steps.push({
        note: `change ${def.name}.${c.name} from ${have.type} to ${c.type}`,
        sql: [...known.before, ...drops, `ALTER TABLE ${t} MODIFY COLUMN ${columnSql(c, def)}`],
      });
    } else {
      untouched.push(`${def.name}.${c.name} is ${have.type} (reference ${c.type}): left as it is`);
    }
  }
  if (addsPrimary && !primaryDone && def.primary) {
    steps.push({
      note: `add the primary key of ${def.name}`,
      sql: [`ALTER TABLE ${t} ADD ${primarySql(def.primary)}`],
    });
  }
  const liveKeys = new Set(live.keys.map((k) => k.name.toLowerCase()));
  for (const key of def.keys) {
    if (!liveKeys.has(key.name.toLowerCase())) {
      steps.push({ note: `add key ${def.name}.${key.name}`, sql: [`ALTER TABLE ${t} ADD ${keySql(key)}`] });
    }
  }
}

async function planData(
  k: Knex,
  level: number,
  steps: UpgradeStep[],
  live: Map<string, TableDef>,
): Promise<void> {
  const have = await configNames(k);
  const missing = CONFIG_ROWS.filter(
    (r) => CONFIG_ADDED_BY_UPDATES.includes(r[0]) && !have.has(r[0].toUpperCase()),
  );
  if (missing.length) {
    steps.push({
      note: `add config rows ${missing.map((r) => r[0]).join(', ')}`,
      sql: missing.map((r) =>
        k('config').insert({ NAME: r[0], IVALUE: r[1], TVALUE: r[2], COMMENTS: r[3] }).toString(),
      ),
    });
  }
  if (level < 7062) {
    steps.push({
      note: 'config PASSWORD_VERSION: SHA-256 for new ocsreports passwords (level 7062)',
      sql: ["UPDATE `config` SET `IVALUE` = 2 WHERE `NAME` = 'PASSWORD_VERSION' AND `IVALUE` < 2"],
    });
  }
  // SNMP types: conditions moved to their own table (7054), plus the default type.
  const hasDefaultType =
    live.has('snmp_types') &&
    (await scalar(k, "SELECT COUNT(*) AS n FROM `snmp_types` WHERE `TYPE_NAME` = 'Default'")) > 0;
  if (live.has('snmp_types_conditions') && hasDefaultType) return;
  steps.push({
    note: 'SNMP: type conditions in snmp_types_conditions, default type, labels and OIDs',
    sql: [
      'INSERT INTO `snmp_types_conditions` (`TYPE_ID`, `CONDITION_OID`, `CONDITION_VALUE`) ' +
        'SELECT t.`ID`, t.`CONDITION_OID`, t.`CONDITION_VALUE` FROM `snmp_types` t ' +
        "WHERE COALESCE(t.`CONDITION_OID`, '') <> '' AND NOT EXISTS " +
        '(SELECT 1 FROM `snmp_types_conditions` c WHERE c.`TYPE_ID` = t.`ID`)',
      'INSERT INTO `snmp_types` (`TYPE_NAME`, `CONDITION_OID`, `CONDITION_VALUE`, `TABLE_TYPE_NAME`) ' +
        "SELECT 'Default', '1.3.6.1.2.1.1.1.0', '', 'snmp_default' FROM DUAL " +
        "WHERE NOT EXISTS (SELECT 1 FROM `snmp_types` WHERE `TYPE_NAME` = 'Default')",
      'INSERT INTO `snmp_types_conditions` (`TYPE_ID`, `CONDITION_OID`) ' +
        "SELECT t.`ID`, '1.3.6.1.2.1.1.1.0' FROM `snmp_types` t WHERE t.`TYPE_NAME` = 'Default' AND NOT EXISTS " +
        '(SELECT 1 FROM `snmp_types_conditions` c WHERE c.`TYPE_ID` = t.`ID`)',
      ...SNMP_DEFAULT_OIDS.map(
        ([label]) =>
          `INSERT INTO \`snmp_labels\` (\`LABEL_NAME\`) SELECT '${label}' FROM DUAL ` +
          `WHERE NOT EXISTS (SELECT 1 FROM \`snmp_labels\` WHERE \`LABEL_NAME\` = '${label}')`,
      ),
      ...SNMP_DEFAULT_OIDS.map(
        ([label, oid, rec]) =>
          'INSERT INTO `snmp_configs` (`TYPE_ID`, `LABEL_ID`, `OID`, `RECONCILIATION`) ' +
          `SELECT t.\`ID\`, MIN(l.\`ID\`), '${oid}', ${rec ? `'${rec}'` : 'NULL'} FROM \`snmp_types\` t, \`snmp_labels\` l ` +
          `WHERE t.\`TYPE_NAME\` = 'Default' AND l.\`LABEL_NAME\` = '${label}' AND NOT EXISTS ` +
          '(SELECT 1 FROM `snmp_configs` c WHERE c.`TYPE_ID` = t.`ID` AND c.`LABEL_ID` = l.`ID`) GROUP BY t.`ID`',
      ),
    ],
  });
}

/** Default SNMP type labels and OIDs (level 7054): label, OID, reconciliation. */
const SNMP_DEFAULT_OIDS: ReadonlyArray<readonly [string, string, string | null]> = [
  ['DefaultName', '1.3.6.1.2.1.1.5.0', 'Yes'],
  ['DefaultDescription', '1.3.6.1.2.1.1.1.0', null],
  ['DefaultLocation', '1.3.6.1.2.1.1.6.0', null],
  ['DefaultUptime', '1.3.6.1.2.1.1.3.0', null],
  ['DefaultAddressIP', '1.3.6.1.2.1.4.20.1.1', null],
  ['DefaultGateway', '1.3.6.1.2.1.4.20.1.3', null],
];

/**
 * Works out what brings the database `k` is bound to up to the superset schema: missing tables,
 * columns and keys, the known type changes, the rows the updates add, then GUI_VERSION.
 * Every step is derived from the live state, so running it again after a failure (or on a
 * database already upgraded) only does what is left. Refuses levels it does not know and data
 * that a type change would lose.
 */
export async function planUpgrade(k: Knex, database: string): Promise<UpgradePlan> {
  const fromLevel = await levelOf(k, database);
  const live = await introspectSchema(k, database);
  const steps: UpgradeStep[] = [];
  const untouched: string[] = [];
  for (const def of OCS_TABLES) planTable(def, live.get(def.name.toLowerCase()), steps, untouched);

  const blockers: string[] = [];
  for (const kc of KNOWN_CHANGES) {
    const col = live.get(kc.table)?.columns.find((c) => c.name === kc.column);
    if (col && kc.from.test(col.type) && kc.blockerSql) {
      const n = await scalar(k, kc.blockerSql);
      if (n > 0) blockers.push(kc.blocker!.replace('{n}', String(n)));
    }
  }
  for (const def of OCS_TABLES) {
    const l = live.get(def.name.toLowerCase());
    if (l && !l.primary && def.primary && def.primary.every((c) => l.columns.some((x) => x.name === c))) {
      const cols = def.primary.map(ident).join(', ');
      const dup = await scalar(
        k,
        `SELECT COUNT(*) AS n FROM (SELECT ${cols} FROM ${ident(def.name)} GROUP BY ${cols} HAVING COUNT(*) > 1) d`,
      );
      if (dup > 0)
        blockers.push(
          `${def.name} has ${dup} duplicated value(s) of ${def.primary.join(', ')}: cannot add its primary key`,
        );
    }
  }
  if (blockers.length) throw new AppError('CONFLICT', { detail: `upgrade refused: ${blockers.join('; ')}` });

  await planData(k, fromLevel, steps, live);
  if (steps.length > 0 || fromLevel !== TARGET_LEVEL) {
    steps.push({
      note: `set GUI_VERSION to ${TARGET_GUI_VERSION}`,
      sql: [
        `UPDATE \`config\` SET \`TVALUE\` = '${TARGET_GUI_VERSION}', \`IVALUE\` = 0 WHERE \`NAME\` = 'GUI_VERSION'`,
      ],
    });
  }
  return { fromLevel, steps, untouched };
}

/**
 * Runs the plan on one connection (a knex transaction pins it) holding a named lock, so two
 * upgrades of the same database never interleave. DDL commits as it goes (MySQL has no
 * transactional DDL); a failed run is finished by running it again.
 */
export async function runUpgrade(
  k: Knex,
  database: string,
  ctl: SchemaProgress = {},
): Promise<{ fromLevel: number; toLevel: number; steps: string[]; untouched: string[] }> {
  const lockName = `ocsdesk_schema_${database}`;
  return k.transaction(async (trx) => {
    const got = await scalar(trx, 'SELECT GET_LOCK(?, 0) AS n', undefined, [lockName]);
    if (got !== 1) throw new AppError('JOB_BUSY', { route: 'database.upgrade', jobId: '' });
    try {
      const plan = await planUpgrade(trx, database);
      const total = plan.steps.length;
      let done = 0;
      for (const step of plan.steps) {
        ctl.signal?.throwIfAborted();
        ctl.progress?.(done, total, step.note);
        for (const sql of step.sql) await trx.raw(sql);
        done += 1;
      }
      ctl.progress?.(total, total, 'done');
      return {
        fromLevel: plan.fromLevel,
        toLevel: TARGET_LEVEL,
        steps: plan.steps.map((x) => x.note),
        untouched: plan.untouched,
      };
    } finally {
      await trx.raw('SELECT RELEASE_LOCK(?)', [lockName]);
    }
  });
}
