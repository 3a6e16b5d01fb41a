import { spawn } from 'node:child_process';
import type { ConnectionParams } from '../../shared/contract/connection';
import type { ManifestTable } from '../../shared/contract/backup';
import { AppError } from '../platform/errors';
import { runTool } from '../platform/processes/run-tool';
import type { BackupWriter } from './backup-file';
import { parseTagged } from './dump-format';
import type { DumpOutcome } from './dump-builtin';
import type { SourceFacts } from './source-tables';
import { insertTarget, rowsOfInsert } from './insert-rows';
import { StatementSplitter, statementHead } from './statement-splitter';

const INSTALL = {
  linux:
    'Install the MariaDB or MySQL client (Debian/Ubuntu: apt install mariadb-client), or use the built-in dumper.',
  darwin: 'Install the MySQL client (brew install mysql-client), or use the built-in dumper.',
  win32:
    'Install the MySQL or MariaDB client and put its bin folder on the PATH, or use the built-in dumper.',
};

/** `mariadb-dump` where it exists (MariaDB's own name), else `mysqldump`. */
export async function findMysqldump(): Promise<{ tool: string; version: string } | null> {
  for (const tool of ['mariadb-dump', 'mysqldump']) {
    try {
      const r = await runTool({ tool, args: ['--version'], timeoutMs: 10_000, installHints: INSTALL });
      return { tool, version: r.stdout.trim() };
    } catch {
      /* next name */
    }
  }
  return null;
}

/**
 * Runs mysqldump with a transaction snapshot (`--single-transaction`: no global lock on InnoDB
 * tables), the password through MYSQL_PWD (never on the command line), and streams its output into
 * the writer. Its INSERTs are counted on the way (the manifest's row counts); mysqldump gives no row
 * hash, so the manifest's hashes are null and a restore check compares row counts.
 */
export async function dumpWithMysqldump(
  params: ConnectionParams,
  facts: SourceFacts,
  only: readonly string[] | undefined,
  w: BackupWriter,
  signal: AbortSignal,
  progress: (rowsDone: number, note: string) => void,
): Promise<DumpOutcome & { version: string }> {
  const found = await findMysqldump();
  if (!found) {
    throw new AppError('TOOL_MISSING', { tool: 'mysqldump', install: INSTALL.linux });
  }
  const args = [
    `--host=${params.host}`,
    `--port=${params.port}`,
    `--user=${params.user}`,
    '--protocol=TCP',
    '--single-transaction',
    '--quick',
    '--skip-lock-tables',
    '--no-tablespaces',
    // DELIMITER-free output (OCS Desk's restore reads it); triggers are listed as not copied.
    '--skip-triggers',
    '--default-character-set=utf8mb4',
    '--max-allowed-packet=1G',
    ...(params.tls?.enabled
      ? ['--ssl', ...(params.tls.caFile ? [`--ssl-ca=${params.tls.caFile}`] : [])]
      : []),
    params.database,
    ...(only ?? []),
  ];
  const child = spawn(found.tool, args, {
    shell: false,
    windowsHide: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MYSQL_PWD: params.password },
  });
  const kill = () => child.kill('SIGKILL');
  signal.addEventListener('abort', kill, { once: true });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 16_384) stderr += d.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const counts = new Map<string, number>();
  let completed = false;
  let rows = 0;
  let largest = 0;
  let current = '';
  const splitter = new StatementSplitter((comment) => {
    const t = parseTagged(comment);
    if (t && 'mysqldump' in t && t.mysqldump === 'end') completed = true;
  });
  const seen = (stmts: ReturnType<StatementSplitter['push']>) => {
    for (const st of stmts) {
      const head = statementHead(st.sql);
      const table = insertTarget(head);
      if (!table) continue;
      const n = rowsOfInsert(st, head);
      counts.set(table, (counts.get(table) ?? 0) + n);
      rows += n;
      largest = Math.max(largest, st.sql.length + 1);
      if (table !== current) current = table;
      progress(rows, current);
    }
  };
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      seen(splitter.push(chunk));
      await w.write(chunk);
    }
    seen(splitter.end());
    const code = await exited;
    if (signal.aborted) throw new AppError('JOB_CANCELLED');
    if (code !== 0 || !completed) {
      throw new AppError('TOOL_FAILED', {
        tool: found.tool,
        detail: (stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${code}`).slice(0, 500),
      });
    }
  } finally {
    signal.removeEventListener('abort', kill);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  const manifest: ManifestTable[] = facts.tables.map((t) => ({
    name: t.name,
    kind: t.kind,
    engine: t.engine,
    rows: t.kind === 'table' ? (counts.get(t.name) ?? 0) : 0,
    hash: null,
  }));
  return { manifest, rows, largestStatement: largest, version: found.version };
}
