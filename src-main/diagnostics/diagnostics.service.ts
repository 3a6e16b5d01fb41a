import type { Knex } from 'knex';
import type { Right } from '../../shared/contract/route';
import {
  LEVEL_RANK,
  type CommProbe,
  type DiagnosticsInput,
  type DiagnosticsReport,
  type Finding,
  type ServerInformation,
  type ServerVariables,
} from '../../shared/contract/diagnostics';
import type { CheckResult } from '../../shared/contract/certificates';
import { checkServer } from '../certificates/tls-check';
import { perfIndexReport } from '../computers/perf-indexes';
import { inspectDatabase } from '../database/database.service';
import { toolsStatus } from '../ipdiscover/analysis/tools';
import { weakHashes } from '../operators/operators.service';
import { statusCategory } from '../packages/status';
import type { DbHandle } from '../platform/db/connect';
import { isAppError } from '../platform/errors';
import { log } from '../platform/log/logger';
import { readConfigRows } from '../platform/ocs/config';
import type { Scope } from '../platform/ocs/scope';
import {
  authPluginFinding,
  bufferPoolFinding,
  certificateFinding,
  clockFinding,
  commFinding,
  connectionsFinding,
  enginesFinding,
  finding,
  indexesFinding,
  packetFinding,
} from './checks';
import { deploymentFindings, downloadDirFinding } from './deployment-check';
import * as repo from './diagnostics.repo';
import { probeCommServer } from './http-probe';

/**
 * Dependency seams: tests replace what the DB server or the clock says (a small max_allowed_packet,
 * a skewed clock) without changing the shared server other tests use.
 */
export interface DiagnosticsDeps {
  variables: (k: Knex) => Promise<ServerVariables>;
  /** This computer's clock, ms since the epoch. */
  now: () => number;
  /** Deadline of each network request. */
  timeoutMs: number;
}

export const DEFAULT_DEPS: DiagnosticsDeps = {
  variables: repo.readServerVariables,
  now: () => Date.now(),
  timeoutMs: 5000,
};

interface Addresses {
  http: { url: string; from: CommProbe['from'] } | null;
  https: { url: string; from: CommProbe['from'] } | null;
  cert: string | null;
  caFile: string | undefined;
}

/** Input (the admin's settings on this computer), then the environment, then the database. */
export async function resolveAddresses(k: Knex, input: DiagnosticsInput): Promise<Addresses> {
  const env = process.env;
  const cfg = await readConfigRows(k, ['LOCAL_URI_SERVER', 'DOWNLOAD_URI_INFO']);
  const local = cfg.get('LOCAL_URI_SERVER')?.tvalue?.trim();
  const pick = (i: string | undefined, e: string | undefined, c?: string) =>
    i
      ? { url: i, from: 'input' as const }
      : e
        ? { url: e, from: 'env' as const }
        : c
          ? { url: c, from: 'config' as const }
          : null;
  const http = pick(input.commServerUrl, env.OCS_DESK_COMM_URL, local || undefined);
  const https = pick(input.commServerHttpsUrl, env.OCS_DESK_COMM_HTTPS_URL);
  const info = cfg.get('DOWNLOAD_URI_INFO')?.tvalue?.trim();
  const cert =
    input.certUrl ??
    env.OCS_DESK_CERT_URL ??
    https?.url ??
    (info ? `https://${info.replace(/^[a-z]+:\/\//i, '').split('/')[0]}/` : null);
  return { http, https, cert: cert || null, caFile: input.caFile || env.OCS_DESK_CA_FILE || undefined };
}

function failure(e: unknown): string {
  return isAppError(e) ? `${e.code} ${JSON.stringify(e.params)}` : e instanceof Error ? e.message : String(e);
}

/** A check that failed on its own: said, never hiding the others. */
function notRun(id: string, e: unknown): Finding {
  log.warn('diagnostic check failed', { id, error: failure(e) });
  return finding(id, 'warning', { key: 'notRun', params: { id } }, [failure(e)], {
    key: 'notRunFix',
    params: {},
  });
}

async function guarded(id: string, fn: () => Promise<Finding | Finding[]>): Promise<Finding[]> {
  try {
    const r = await fn();
    return Array.isArray(r) ? r : [r];
  } catch (e) {
    return [notRun(id, e)];
  }
}

export async function certificateCheck(
  url: string | null,
  caFile: string | undefined,
  timeoutMs: number,
  now: Date = new Date(),
): Promise<Finding> {
  if (!url) return certificateFinding(null, null, null);
  let r: CheckResult | null = null;
  let why: string | null = null;
  try {
    r = await checkServer({ url, caFile, timeoutMs, now });
  } catch (e) {
    why = failure(e);
  }
  return certificateFinding(url, r, why);
}

/** Every check the operator's rights allow, in parallel; each one's failure is its own finding. */
export async function runDiagnostics(
  db: DbHandle,
  rights: readonly Right[],
  input: DiagnosticsInput,
  deps: DiagnosticsDeps = DEFAULT_DEPS,
): Promise<DiagnosticsReport> {
  const started = deps.now();
  const k = db.knex;
  const addr = await resolveAddresses(k, input);
  const vars = deps.variables(k);
  const tables = repo.readTables(k);
  vars.catch(() => undefined);
  tables.catch(() => undefined);
  const jobs: Array<Promise<Finding[]>> = [
    guarded('schema', async () => schemaFinding(db)),
    guarded('packet', async () =>
      packetFinding(await vars, await repo.largestAgentFile(k).catch(() => null)),
    ),
    guarded('connections', async () => connectionsFinding(await vars)),
    guarded('engines', async () => enginesFinding(await tables)),
    guarded('bufferPool', async () => bufferPoolFinding(await vars, await tables)),
    guarded('indexes', async () => indexesFinding(await perfIndexReport(k), hardwareRows(await tables))),
    guarded('clock', () => clockCheck(k, deps)),
    guarded('commHttp', async () =>
      commFinding(
        'commHttp',
        addr.http ? await probeCommServer(addr.http.url, addr.http.from, deps.timeoutMs) : null,
      ),
    ),
    guarded('commHttps', async () =>
      commFinding(
        'commHttps',
        addr.https ? await probeCommServer(addr.https.url, addr.https.from, deps.timeoutMs) : null,
      ),
    ),
    guarded('certificate', () =>
      certificateCheck(addr.cert, addr.caFile, deps.timeoutMs, new Date(deps.now())),
    ),
    guarded('deployInfo', () => deploymentFindings(k, deps.timeoutMs)),
    guarded('downloadDir', () => downloadDirFinding(k)),
    guarded('tools', toolFindings),
  ];
  if (rights.includes('configure')) {
    jobs.push(
      guarded('authPlugins', async () => {
        try {
          return authPluginFinding(await repo.readAccountPlugins(k), null);
        } catch (e) {
          return authPluginFinding(null, failure(e));
        }
      }),
    );
  }
  if (rights.includes('manageOperators')) jobs.push(guarded('weak', () => weakFinding(k)));
  const findings = (await Promise.all(jobs)).flat();
  const worst = findings.reduce<Finding['level']>(
    (w, f) => (LEVEL_RANK[f.level] > LEVEL_RANK[w] ? f.level : w),
    'ok',
  );
  return {
    findings,
    worst,
    checkedAt: new Date(started).toISOString(),
    durationMs: Math.round(deps.now() - started),
  };
}

function hardwareRows(tables: repo.TableRow[]): number {
  return tables.find((t) => t.name.toLowerCase() === 'hardware')?.rows ?? 0;
}

async function schemaFinding(db: DbHandle): Promise<Finding> {
  const r = await inspectDatabase(db);
  const evidence = [
    `GUI_VERSION = ${r.schema.guiVersion ?? 'none'}`,
    `OCS Desk's level: ${r.targetLevel}`,
    `${r.schema.tables} OCS tables`,
  ];
  if (r.schema.state === 'newer')
    return finding(
      'schema',
      'warning',
      { key: 'schema.newer', params: { level: r.schema.guiVersion ?? '', target: r.targetLevel } },
      evidence,
      { key: 'schema.newerFix', params: {} },
      '/database',
    );
  if (!r.upgrade.possible)
    return finding(
      'schema',
      'warning',
      { key: 'schema.blocked', params: {} },
      [...evidence, r.upgrade.reason ?? ''],
      { key: 'schema.blockedFix', params: {} },
      '/database',
    );
  if (r.upgrade.steps.length)
    return finding(
      'schema',
      'info',
      { key: 'schema.upgrade', params: { level: r.schema.guiVersion ?? '', target: r.targetLevel } },
      evidence,
      { key: 'schema.upgradeFix', params: {} },
      '/database',
    );
  return finding(
    'schema',
    'ok',
    { key: 'schema.ok', params: { level: r.schema.guiVersion ?? '' } },
    evidence,
    null,
  );
}

async function clockCheck(k: Knex, deps: DiagnosticsDeps): Promise<Finding> {
  const before = deps.now();
  const c = await repo.readDbClock(k);
  const after = deps.now();
  return clockFinding(c.utcMs - (before + after) / 2, c.offsetMinutes, Math.round(after - before));
}

async function toolFindings(): Promise<Finding[]> {
  const tools = await toolsStatus();
  return (['nmap', 'nmblookup'] as const).map((name) => {
    const t = tools[name];
    return t.ok
      ? finding(
          name,
          'ok',
          { key: 'tool.ok', params: { tool: name, version: t.version ?? '' } },
          [`${name} ${t.version ?? ''}`],
          null,
        )
      : finding(
          name,
          'warning',
          { key: 'tool.missing', params: { tool: name } },
          [t.problem ?? ''],
          { key: 'tool.fix', params: { tool: name } },
          '/ipdiscover',
        );
  });
}

async function weakFinding(k: Knex): Promise<Finding> {
  const weak = await weakHashes(k);
  return weak.length
    ? finding(
        'weak',
        'warning',
        { key: 'weak.title', params: { count: weak.length } },
        weak.map((w) => `${w.login} (${w.hashScheme}): ${w.reason}`),
        { key: 'weak.fix', params: {} },
        '/operators',
      )
    : finding('weak', 'ok', { key: 'weak.none', params: {} }, [], null);
}

const HOURS = 48;

/** The server side at a glance; computer figures within the operator's perimeter. */
export async function serverInformation(
  db: DbHandle,
  scope: Scope,
  input: DiagnosticsInput,
  deps: DiagnosticsDeps = DEFAULT_DEPS,
): Promise<ServerInformation> {
  const k = db.knex;
  const addr = await resolveAddresses(k, input);
  const before = deps.now();
  const [vars, clock, tables, report, computers, perHour, deployments, http, https] = await Promise.all([
    deps.variables(k),
    repo.readDbClock(k),
    repo.readTables(k),
    inspectDatabase(db),
    repo.countComputers(db.read, scope),
    repo.inventoriesPerHour(db.read, scope, HOURS),
    repo.deploymentStates(db.read, scope),
    addr.http ? probeCommServer(addr.http.url, addr.http.from, deps.timeoutMs) : null,
    addr.https ? probeCommServer(addr.https.url, addr.https.from, deps.timeoutMs) : null,
  ]);
  const after = deps.now();
  // Whole fleet: the table's estimate (an exact count reads every row); a perimeter: counted.
  const software = tables.find((t) => t.name.toLowerCase() === 'software');
  const exact = scope.tags !== null;
  const softwareRows = exact ? await repo.countSoftwareRows(db.read, scope) : (software?.rows ?? 0);
  const byHour = new Map(perHour.rows.map((r) => [r.hour, r.count]));
  const [d, h] = perHour.now.split(' ');
  const nowHour = Date.parse(`${d}T${h}:00Z`);
  const hours = Array.from({ length: HOURS }, (_v, i) => {
    const hour = new Date(nowHour - (HOURS - 1 - i) * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    return { hour, count: byHour.get(hour) ?? 0 };
  });
  return {
    comm: { http, https },
    db: {
      ...vars,
      utcNow: new Date(clock.utcMs).toISOString(),
      skewMs: Math.round(clock.utcMs - (before + after) / 2),
    },
    schemaLevel: report.schema.guiVersion,
    targetLevel: report.targetLevel,
    tables: tables
      .filter((t) => t.type === 'BASE TABLE')
      .map((t) => ({
        name: t.name,
        engine: t.engine,
        rows: t.rows,
        dataBytes: t.dataBytes,
        indexBytes: t.indexBytes,
      }))
      .sort(
        (a, b) => b.dataBytes + b.indexBytes - (a.dataBytes + a.indexBytes) || a.name.localeCompare(b.name),
      ),
    computers,
    softwareRows,
    softwareRowsExact: exact,
    inventoriesPerHour: hours,
    deployments: deployments.map((r) => ({ ...r, category: statusCategory(r.status) })),
  };
}
