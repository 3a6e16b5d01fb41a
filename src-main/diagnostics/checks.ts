import type { CheckResult } from '../../shared/contract/certificates';
import type { PerfIndexReport } from '../../shared/contract/computers';
import type { CommProbe, Finding, FindingLevel, ServerVariables } from '../../shared/contract/diagnostics';
import type { AccountPlugin, TableRow } from './diagnostics.repo';

/** Pure judgements: facts in, one finding out (thresholds in docs/diagnostics.md). */

const MiB = 1024 * 1024;
export const PACKET_ERROR_BELOW = 4 * MiB;
export const PACKET_WARNING_BELOW = 16 * MiB;
/** Room for the statement around an agent file's bytes (escaping is binary, the row has a few columns). */
export const PACKET_MARGIN = 64 * 1024;
export const CONNECTIONS_WARNING = 0.75;
export const CONNECTIONS_ERROR = 0.9;
export const CLOCK_WARNING_MS = 60_000;
export const CLOCK_ERROR_MS = 300_000;
/** Tables every inventory, search and the dashboard read: they should fit in the buffer pool. */
export const HOT_TABLES = [
  'hardware',
  'accountinfo',
  'bios',
  'networks',
  'software',
  'software_name',
  'software_publisher',
  'software_version',
  'devices',
  'groups_cache',
  'download_enable',
  'download_available',
];
/** Tables the OCS schema itself creates with the MEMORY engine (ocsbase_new.sql). */
export const OCS_MEMORY_TABLES = ['conntrack', 'engine_mutex', 'locks', 'prolog_conntrack'];
/** From this many computers (hardware's row estimate) missing optional indexes are a warning, below info. */
export const INDEXES_WARNING_FROM = 1000;
/** Authentication plugins older clients and the comm server's DBD::mysql cannot use, or that are unsafe. */
export const OLD_PLUGINS = ['mysql_old_password'];

export function size(n: number): string {
  if (n >= 1024 * MiB) return `${(n / (1024 * MiB)).toFixed(1)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(n % MiB ? 1 : 0)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} B`;
}

type Text = Finding['title'];
const text = (key: string, params: Text['params'] = {}): Text => ({ key, params });

export function finding(
  id: string,
  level: FindingLevel,
  title: Text,
  evidence: string[],
  fix: Text | null,
  link: string | null = null,
): Finding {
  return { id, level, title, evidence, fix: level === 'ok' ? null : fix, link: level === 'ok' ? null : link };
}

export function packetFinding(v: ServerVariables, largest: { name: string; bytes: number } | null): Finding {
  const p = v.maxAllowedPacket;
  const evidence = [`max_allowed_packet = ${p} (${size(p)})`];
  if (largest)
    evidence.push(`largest agent file: ${largest.name} ${largest.bytes} bytes (${size(largest.bytes)})`);
  const need = Math.max(PACKET_WARNING_BELOW, largest ? largest.bytes + PACKET_MARGIN : 0);
  const fix = text('packet.fix', { size: size(need) });
  if (largest && p < largest.bytes + PACKET_MARGIN)
    return finding(
      'packet',
      'error',
      text('packet.agentFile', { size: size(p), name: largest.name }),
      evidence,
      fix,
    );
  if (p < PACKET_ERROR_BELOW)
    return finding('packet', 'error', text('packet.tooSmall', { size: size(p) }), evidence, fix);
  if (p < PACKET_WARNING_BELOW)
    return finding('packet', 'warning', text('packet.small', { size: size(p) }), evidence, fix);
  return finding('packet', 'ok', text('packet.ok', { size: size(p) }), evidence, null);
}

export function connectionsFinding(v: ServerVariables): Finding {
  const ratio = v.maxConnections > 0 ? v.threadsConnected / v.maxConnections : 0;
  const usedRatio = v.maxConnections > 0 ? v.maxUsedConnections / v.maxConnections : 0;
  const evidence = [
    `Threads_connected = ${v.threadsConnected}`,
    `max_connections = ${v.maxConnections}`,
    `Max_used_connections = ${v.maxUsedConnections} (since the server started)`,
  ];
  const params = { used: v.threadsConnected, max: v.maxConnections, percent: Math.round(ratio * 100) };
  const fix = text('connections.fix', { max: v.maxConnections });
  if (ratio >= CONNECTIONS_ERROR)
    return finding('connections', 'error', text('connections.near', params), evidence, fix);
  if (ratio >= CONNECTIONS_WARNING || usedRatio >= CONNECTIONS_ERROR)
    return finding(
      'connections',
      'warning',
      text(ratio >= CONNECTIONS_WARNING ? 'connections.near' : 'connections.peak', {
        ...params,
        peak: v.maxUsedConnections,
      }),
      evidence,
      fix,
    );
  return finding('connections', 'ok', text('connections.ok', params), evidence, null);
}

/** `accounts` null: mysql.user could not be read (`why` says why). */
export function authPluginFinding(accounts: AccountPlugin[] | null, why: string | null): Finding {
  if (!accounts)
    return finding(
      'authPlugins',
      'info',
      text('authPlugins.cannot'),
      [why ?? ''].filter(Boolean),
      text('authPlugins.grantFix'),
    );
  const old = accounts.filter(
    (a) =>
      OLD_PLUGINS.includes(a.plugin) ||
      ((a.plugin === '' || a.plugin === 'mysql_native_password') && a.hashLength === 16),
  );
  const evidence = old.map(
    (a) =>
      `'${a.user}'@'${a.host}': ${a.plugin || 'no plugin'}${a.hashLength === 16 ? ', 16-character (pre-4.1) hash' : ''}`,
  );
  if (old.length)
    return finding(
      'authPlugins',
      'error',
      text('authPlugins.old', { count: old.length }),
      evidence,
      text('authPlugins.fix'),
    );
  return finding(
    'authPlugins',
    'ok',
    text('authPlugins.ok', { count: accounts.length }),
    [`${accounts.length} accounts read from mysql.user`],
    null,
  );
}

export function enginesFinding(tables: TableRow[]): Finding {
  const bad = tables.filter(
    (t) =>
      t.type === 'BASE TABLE' &&
      t.engine !== 'InnoDB' &&
      !(t.engine === 'MEMORY' && OCS_MEMORY_TABLES.includes(t.name.toLowerCase())),
  );
  const evidence = bad.map((t) => `${t.name}: ${t.engine ?? '?'}`);
  if (bad.length)
    return finding(
      'engines',
      'error',
      text('engines.bad', { count: bad.length }),
      evidence,
      text('engines.fix', { table: bad[0]!.name }),
    );
  return finding(
    'engines',
    'ok',
    text('engines.ok'),
    [`${tables.filter((t) => t.type === 'BASE TABLE').length} tables`],
    null,
  );
}

export function bufferPoolFinding(v: ServerVariables, tables: TableRow[]): Finding {
  const hot = tables.filter((t) => HOT_TABLES.includes(t.name.toLowerCase()));
  const hotBytes = hot.reduce((s, t) => s + t.dataBytes + t.indexBytes, 0);
  const pool = v.innodbBufferPoolSize;
  const evidence = [
    `innodb_buffer_pool_size = ${pool} (${size(pool)})`,
    `hot tables (${HOT_TABLES.join(', ')}): ${size(hotBytes)} of data and indexes`,
  ];
  const params = { pool: size(pool), hot: size(hotBytes) };
  const fix = text('bufferPool.fix', { size: size(Math.ceil((hotBytes * 1.25) / (128 * MiB)) * 128 * MiB) });
  if (pool * 4 < hotBytes)
    return finding('bufferPool', 'error', text('bufferPool.small', params), evidence, fix);
  if (pool < hotBytes)
    return finding('bufferPool', 'warning', text('bufferPool.small', params), evidence, fix);
  return finding('bufferPool', 'ok', text('bufferPool.ok', params), evidence, null);
}

export function clockFinding(skewMs: number, offsetMinutes: number, roundTripMs: number): Finding {
  const s = Math.round(skewMs / 1000);
  const evidence = [
    `DB server clock minus this computer's: ${s} s (round trip ${roundTripMs} ms)`,
    `DB session time zone offset: ${offsetMinutes >= 0 ? '+' : ''}${offsetMinutes} min`,
  ];
  const abs = Math.abs(skewMs);
  const params = { seconds: Math.abs(s) };
  if (abs >= CLOCK_ERROR_MS)
    return finding('clock', 'error', text('clock.skew', params), evidence, text('clock.fix'));
  if (abs >= CLOCK_WARNING_MS)
    return finding('clock', 'warning', text('clock.skew', params), evidence, text('clock.fix'));
  return finding('clock', 'ok', text('clock.ok', params), evidence, null);
}

/** One comm server address, or null when none is set anywhere. */
export function commFinding(id: 'commHttp' | 'commHttps', p: CommProbe | null): Finding {
  if (!p) return finding(id, 'info', text(`${id}.unset`), [], text(`${id}.unsetFix`), '/diagnostics');
  const evidence = [
    `GET ${p.url} (${p.from}) → ${p.status ?? p.error} in ${p.ms} ms`,
    ...(p.server ? [`Server: ${p.server}`] : []),
  ];
  const params = { url: p.url, status: p.status ?? '', error: p.error ?? '' };
  switch (p.verdict) {
    case 'ok':
      return finding(id, 'ok', text('comm.ok', params), evidence, null);
    case 'errors':
      return finding(id, 'error', text('comm.errors', params), evidence, text('comm.errorsFix'));
    case 'unexpected':
      return finding(id, 'warning', text('comm.unexpected', params), evidence, text('comm.unexpectedFix'));
    default:
      return finding(id, 'error', text('comm.unreachable', params), evidence, text('comm.unreachableFix'));
  }
}

/** The certificate of the HTTPS server the agents talk to (30-day expiry warning). */
export function certificateFinding(
  url: string | null,
  r: CheckResult | null,
  failure: string | null,
): Finding {
  if (!url)
    return finding(
      'certificate',
      'info',
      text('certificate.unset'),
      [],
      text('certificate.unsetFix'),
      '/diagnostics',
    );
  if (!r)
    return finding(
      'certificate',
      'error',
      text('certificate.unreachable', { url }),
      [failure ?? ''],
      text('certificate.unreachableFix'),
      '/certificates',
    );
  const leaf = r.chain[0];
  const evidence = [
    `trusted by the CA file: ${r.trusted ? 'yes' : 'no'}${r.caFile ? ` (${r.caFile})` : ''}`,
    `host name matches: ${r.hostnameMatches ? 'yes' : 'no'}`,
    ...r.chain.map(
      (c, i) =>
        `#${i} ${c.subject}, issuer ${c.issuer}, until ${c.notAfter.slice(0, 10)} (${c.daysLeft} days)`,
    ),
    ...r.warnings.map((w) => w.message),
  ];
  const params = { url, days: leaf?.daysLeft ?? '?' };
  if (leaf?.expiry === 'expired' || leaf?.expiry === 'not-yet-valid')
    return finding(
      'certificate',
      'error',
      text('certificate.expired', params),
      evidence,
      text('certificate.renewFix'),
      '/certificates',
    );
  if (!r.trusted || !r.hostnameMatches)
    return finding(
      'certificate',
      'error',
      text('certificate.untrusted', params),
      evidence,
      text('certificate.trustFix'),
      '/certificates',
    );
  if (r.warnings.length)
    return finding(
      'certificate',
      'warning',
      text('certificate.expiring', params),
      evidence,
      text('certificate.renewFix'),
      '/certificates',
    );
  return finding('certificate', 'ok', text('certificate.ok', params), evidence, null);
}

/**
 * The optional `ocsdesk_*` indexes (computers/perf-indexes.ts). `hardwareRows`: InnoDB's estimate of
 * hardware's rows (information_schema.TABLES; an exact count would read every row). A small fleet does
 * not need them (info); from INDEXES_WARNING_FROM computers, lists and searches get slow (warning).
 */
export function indexesFinding(r: PerfIndexReport, hardwareRows: number): Finding {
  const missing = r.indexes.filter((i) => !i.present);
  const fleet = `hardware: about ${hardwareRows} rows (information_schema estimate)`;
  if (!missing.length)
    return finding(
      'indexes',
      'ok',
      text('indexes.ok', { count: r.indexes.length }),
      [...r.indexes.map((i) => `${i.table}.${i.name} (${i.columns.join(', ')}): present`), fleet],
      null,
    );
  const seconds = missing.reduce((s, i) => s + (i.estimatedSeconds ?? 0), 0);
  const bytes = missing.reduce((s, i) => s + (i.estimatedBytes ?? 0), 0);
  const evidence = [
    ...missing.map(
      (i) =>
        `${i.table}.${i.name} (${i.columns.join(', ')}): missing, ${i.reason}; about ${i.estimatedSeconds ?? '?'} s and ${size(i.estimatedBytes ?? 0)} to build over ${i.tableRows ?? '?'} rows`,
    ),
    fleet,
    `account ${r.account} on ${r.database}: ${r.canChange ? 'may create them' : r.blockedBy === 'read-only' ? 'the server is read-only' : 'lacks ALTER and INDEX'}`,
  ];
  const at = r.account.lastIndexOf('@');
  const fix = r.canChange
    ? text('indexes.fix', { seconds: Math.max(1, seconds), size: size(bytes) })
    : r.blockedBy === 'read-only'
      ? text('indexes.readOnlyFix')
      : text('indexes.grantFix', {
          grant: `GRANT ALTER, INDEX ON \`${r.database}\`.* TO '${r.account.slice(0, at)}'@'${r.account.slice(at + 1)}'`,
        });
  const level = hardwareRows >= INDEXES_WARNING_FROM ? 'warning' : 'info';
  return finding(
    'indexes',
    level,
    text(level === 'warning' ? 'indexes.missing' : 'indexes.missingSmall', {
      count: missing.length,
      computers: hardwareRows,
    }),
    evidence,
    fix,
    '/diagnostics',
  );
}
