// The process the kill rounds SIGKILL: runs one operation of OCS Desk (the same service functions the
// routes run) against a database, then exits 0. Usage: node kill-child.cjs '<json config>'.
import path from 'node:path';
import type { ConnectionParams } from '../../shared/contract/connection';
import { createBackup } from '../../src-main/backup/backup.service';
import { restoreBackup } from '../../src-main/backup/restore.service';
import { deleteComputers } from '../../src-main/computers/delete-computers';
import { mergeGroups } from '../../src-main/duplicates/merge';
import { runImportBatch } from '../../src-main/import/import.service';
import { buildPackage } from '../../src-main/packages/build/build.service';
import { openDb } from '../../src-main/platform/db/connect';
import { wholeFleetScope } from '../../src-main/platform/ocs/scope';

export interface ChildConfig {
  op: 'import' | 'server-import' | 'delete' | 'merge' | 'build' | 'backup' | 'restore' | 'noop';
  db: ConnectionParams;
  fleet?: string;
  file?: string;
  downloadDir?: string;
  /** server-import: the comm server (its database is the one under test, see kill-rounds.ts). */
  serverUrl?: string;
  /** backup: the folder the dump is written to (as `backup-<pid>.sql.gz`, a new name per run). */
  backupDir?: string;
  /** restore: the dump replayed into `restoreDb` (replaced when it holds tables). */
  restoreFile?: string;
  restoreDb?: string;
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  const h = await openDb(cfg.db);
  const ctl = { signal: new AbortController().signal, progress: () => undefined };
  // Start-up (node, bundle, connection) is over: the kill rounds time their kill from this line.
  process.stdout.write('kill-child: started\n');
  try {
    if (cfg.op === 'noop') {
      // Start-up only (node, bundle, connect).
    } else if (cfg.op === 'import') {
      const s = await runImportBatch(h.jobs, [cfg.fleet!], { mode: 'offline', concurrency: 2 }, ctl);
      if (s.failed > 0) throw new Error(`import: ${s.failed} failed`);
    } else if (cfg.op === 'server-import') {
      const s = await runImportBatch(
        h.jobs,
        [cfg.fleet!],
        { mode: 'server', concurrency: 1, serverUrl: cfg.serverUrl! },
        ctl,
      );
      if (s.failed > 0) throw new Error(`server import: ${s.failed} failed`);
    } else if (cfg.op === 'delete') {
      const [rows] = (await h.jobs.raw('SELECT ID FROM hardware')) as [Array<{ ID: number }>];
      const ids = rows.map((r) => Number(r.ID));
      if (ids.length) await deleteComputers(h.jobs, await wholeFleetScope(h.jobs), { kind: 'ids', ids }, ctl);
    } else if (cfg.op === 'merge') {
      const [rows] = (await h.jobs.raw(
        'SELECT GROUP_CONCAT(ID ORDER BY ID) AS ids FROM hardware GROUP BY NAME HAVING COUNT(*) > 1',
      )) as [Array<{ ids: string }>];
      const groups = rows.map((r) => r.ids.split(',').map(Number));
      if (groups.length) await mergeGroups(h.jobs, await wholeFleetScope(h.jobs), groups, ctl);
    } else if (cfg.op === 'backup') {
      const file = path.join(cfg.backupDir!, `backup-${process.pid}.sql.gz`);
      await createBackup(h, { file, tool: 'builtin' }, ctl, cfg.backupDir!);
    } else if (cfg.op === 'restore') {
      const r = await restoreBackup(
        h,
        { file: cfg.restoreFile!, database: cfg.restoreDb!, confirmOverwrite: cfg.restoreDb! },
        ctl,
      );
      if (!r.complete) throw new Error(`restore: check failed ${JSON.stringify(r.check.tables)}`);
    } else {
      await buildPackage(h.jobs, {
        name: 'Kill round',
        description: 'kill round package',
        os: 'LINUX',
        priority: 5,
        action: 'EXECUTE',
        actionParam: 'true',
        source: { kind: 'file', path: cfg.file! },
        fragments: { mode: 'count', count: 40 },
        downloadDir: cfg.downloadDir!,
      } as Parameters<typeof buildPackage>[1]);
    }
  } finally {
    await h.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
