import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'esbuild';
import type { Knex } from 'knex';
import { createPool } from '../../src-main/platform/db/connect';
import { COMPLETE_LINE, RESTORE_MARKER } from '../../src-main/backup/dump-format';
import { appParams, createRealSchemaDb, dropDb, grantApp } from '../helpers/db';
import { MAKE_FLEET, STACK_ENV, stack, withStackLock } from '../helpers/ocs-stack';
import type { ChildConfig } from './kill-child';

/**
 * Kill rounds (issue 23): a child process runs an OCS Desk operation and is SIGKILLed at a seeded
 * random point; then the database and the download folder are checked (every computer fully old,
 * fully new or absent; no child row without its hardware row; no `locks` row left; no half package)
 * and a re-run must complete. Used by the CI test (few rounds) and `npm run kill-rounds`.
 */
export type Op = Exclude<ChildConfig['op'], 'noop'>;
export interface RoundsResult {
  rounds: number;
  kills: number;
  /** Children that finished before their kill came (the operation then simply completed). */
  finishedFirst: number;
  computers: number;
  findings: string[];
  /** `locks` rows a killed writer left (taken over after LOCK_REUSE_TIME, see below). */
  staleLocks: number;
  perOp: Record<string, { kills: number; finishedFirst: number }>;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function hardwareIdTables(k: Knex): Promise<string[]> {
  const [rows] = (await k.raw(
    "SELECT TABLE_NAME AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'HARDWARE_ID' AND TABLE_NAME <> 'hardware'",
  )) as [Array<{ t: string }>];
  return rows.map((r) => r.t);
}

/** Rows per HARDWARE_ID table of every computer, by DEVICEID. */
async function fingerprints(k: Knex): Promise<Map<string, string>> {
  const [hw] = (await k.raw('SELECT ID, DEVICEID FROM hardware')) as [
    Array<{ ID: number; DEVICEID: string }>,
  ];
  const per = new Map<number, Record<string, number>>(hw.map((h) => [h.ID, {}]));
  for (const t of await hardwareIdTables(k)) {
    if (t === 'locks') continue;
    const [rows] = (await k.raw('SELECT HARDWARE_ID AS id, COUNT(*) AS n FROM ?? GROUP BY HARDWARE_ID', [
      t,
    ])) as [Array<{ id: number; n: number }>];
    for (const r of rows) {
      const o = per.get(r.id);
      if (o) o[t] = Number(r.n);
    }
  }
  return new Map(hw.map((h) => [h.DEVICEID, JSON.stringify(per.get(h.ID))]));
}

async function orphansAndLocks(k: Knex, locks = true): Promise<string[]> {
  const bad: string[] = [];
  for (const t of await hardwareIdTables(k)) {
    const [[o]] = (await k.raw(
      'SELECT COUNT(*) AS n FROM ?? WHERE HARDWARE_ID NOT IN (SELECT ID FROM hardware)',
      [t],
    )) as [[{ n: number }]];
    if (Number(o.n) > 0 && t !== 'locks') bad.push(`${o.n} ${t} rows without hardware`);
  }
  // A lock on a computer that exists blocks a re-run; one whose hardware insert was rolled back (a
  // MEMORY row outlives the transaction) names an id that is never used again, so it blocks nothing.
  const [[l]] = (await k.raw(
    'SELECT COUNT(*) AS n FROM locks WHERE HARDWARE_ID IN (SELECT ID FROM hardware)',
  )) as [[{ n: number }]];
  if (locks && Number(l.n) > 0) bad.push(`${l.n} locks rows left on existing computers`);
  return bad;
}

/** Package folders: each complete (info + every fragment + its row) or a temp folder. */
async function halfPackages(k: Knex, dir: string): Promise<string[]> {
  const bad: string[] = [];
  const [rows] = (await k.raw('SELECT FILEID AS id, FRAGMENTS AS f FROM download_available')) as [
    Array<{ id: string; f: number }>,
  ];
  const byId = new Map(rows.map((r) => [String(r.id), Number(r.f)]));
  for (const n of readdirSync(dir)) {
    if (n.startsWith('.ocsdesk-tmp-')) continue;
    const files = readdirSync(path.join(dir, n));
    const frags = byId.get(n);
    if (frags === undefined) bad.push(`folder ${n} without a download_available row`);
    else if (!files.includes('info') || files.filter((f) => f !== 'info').length !== frags)
      bad.push(`package ${n} incomplete (${files.length} files for ${frags} fragments)`);
  }
  for (const id of byId.keys()) if (!existsSync(path.join(dir, id))) bad.push(`row ${id} without its folder`);
  return bad;
}

/**
 * Backup folder: every file under a chosen name is a whole dump (gzip intact, ends with the completion
 * line); after a re-run no temp file is left (the next backup removes those of dead processes).
 */
function backupFolder(dir: string, afterKill: boolean): string[] {
  const bad: string[] = [];
  for (const n of readdirSync(dir)) {
    if (n.startsWith('.ocsdesk-tmp-')) {
      if (!afterKill) bad.push(`temp file ${n} left after the re-run`);
      continue;
    }
    try {
      const text = zlib
        .gunzipSync(readFileSync(path.join(dir, n)))
        .toString('latin1')
        .trimEnd();
      if (!text.endsWith(COMPLETE_LINE)) bad.push(`backup ${n} has no completion line`);
    } catch (e) {
      bad.push(`backup ${n} is not a whole gzip stream (${(e as Error).message})`);
    }
  }
  return bad;
}

/** CHECKSUM TABLE of every base table of `database` (the restore marker aside), by table name. */
async function checksums(k: Knex, database: string): Promise<{ sums: Map<string, string>; marker: boolean }> {
  const [rows] = (await k.raw(
    "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
    [database],
  )) as [Array<{ t: string }>];
  const names = rows.map((r) => r.t).filter((t) => t !== RESTORE_MARKER);
  const sums = new Map<string, string>();
  if (names.length) {
    const [out] = (await k.raw(
      `CHECKSUM TABLE ${names.map(() => '??.??').join(', ')}`,
      names.flatMap((t) => [database, t]),
    )) as [Array<{ Table: string; Checksum: unknown }>];
    for (const r of out) sums.set(r.Table.slice(database.length + 1), String(r.Checksum));
  }
  return { sums, marker: rows.some((r) => r.t === RESTORE_MARKER) };
}

/**
 * Restore target: either visibly unfinished (marker table) or equal to the source, table by table;
 * after the re-run always equal and without the marker.
 */
async function restoredState(
  k: Knex,
  target: string,
  source: Map<string, string>,
  afterKill: boolean,
): Promise<string[]> {
  const { sums, marker } = await checksums(k, target);
  if (marker) return afterKill ? [] : ['the incomplete-restore marker is left after the re-run'];
  const differ = [...new Set([...source.keys(), ...sums.keys()])].filter(
    (t) => source.get(t) !== sums.get(t),
  );
  return differ.length
    ? [
        `target without the marker differs from the source in ${differ.length} tables (${differ.slice(0, 3).join(', ')})`,
      ]
    : [];
}

/** The repository root (import.meta.dirname is empty once bundled to CommonJS; npm runs from the root). */
const REPO = import.meta.dirname ? path.resolve(import.meta.dirname, '../..') : process.cwd();

async function bundleChild(work: string): Promise<string> {
  const out = path.join(work, 'kill-child.cjs');
  await build({
    entryPoints: [path.join(REPO, 'test/kill/kill-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    external: ['electron'],
    outfile: out,
    logLevel: 'error',
  });
  return out;
}

/**
 * Runs the child; `killAfterMs` counts from the moment it says its operation starts (after node, the
 * bundle and its connection, whose time moves a lot with the load). `opMs`: start line to exit.
 */
function runChild(
  child: string,
  cfg: ChildConfig,
  killAfterMs: number | null,
): Promise<{ killed: boolean; code: number | null; stderr: string; opMs: number | null }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [child, JSON.stringify(cfg)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') },
    });
    let stderr = '';
    let killed = false;
    let startedAt: number | null = null;
    let timer: NodeJS.Timeout | null = null;
    c.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    c.stdout.on('data', (d: Buffer) => {
      if (startedAt !== null || !d.toString().includes(STARTED_LINE)) return;
      startedAt = Date.now();
      if (killAfterMs !== null) timer = setTimeout(() => (killed = c.kill('SIGKILL')), killAfterMs);
    });
    c.once('exit', (code) => {
      if (timer) clearTimeout(timer);
      const opMs = startedAt === null ? null : Date.now() - startedAt;
      resolve({ killed: killed && code === null, code, stderr, opMs });
    });
  });
}

/** Waits (up to 30 s) until no `locks` row is left, then a moment for the last statements to commit. */
async function quiet(k: Knex): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const [[l]] = (await k.raw('SELECT COUNT(*) AS n FROM locks')) as [[{ n: number }]];
    if (Number(l.n) === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 500));
}

/** What the child prints on stdout when its operation starts (kill-child.ts). */
const STARTED_LINE = 'kill-child: started';

/** Operations whose re-run does the whole work again (a delete or merge re-run only finishes the rest). */
const WHOLE_RERUN = new Set<Op>(['import', 'server-import', 'build', 'backup', 'restore']);

export async function runKillRounds(opts: {
  rounds: number;
  seed: number;
  computers: number;
  ops?: Op[];
  log?: (line: string) => void;
}): Promise<RoundsResult> {
  const say = opts.log ?? (() => undefined);
  const rand = mulberry32(opts.seed);
  const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-kill-rounds-'));
  const dbs: string[] = [];
  const res: RoundsResult = {
    rounds: opts.rounds,
    kills: 0,
    finishedFirst: 0,
    computers: opts.computers,
    findings: [],
    staleLocks: 0,
    perOp: {},
  };
  const ops = opts.ops ?? ['import', 'delete', 'merge', 'build', 'backup', 'restore'];
  try {
    const child = await bundleChild(work);
    const fleet = path.join(work, 'fleet');
    // Duplicate groups (same name) for the merge; the rest are distinct computers.
    execFileSync('python3', [
      MAKE_FLEET,
      '--count',
      String(opts.computers),
      '--out',
      fleet,
      '--seed',
      String(opts.seed),
      '--jobs',
      '1',
      '--duplicates',
      String(Math.max(1, Math.floor(opts.computers / 8))),
    ]);
    const ref = await createRealSchemaDb();
    const db = await createRealSchemaDb();
    dbs.push(ref, db);
    const params = appParams(db);
    // The restore target: created (and replaced) by the restore rounds, as the application account.
    const restoreDb = `${db}_r`;
    dbs.push(restoreDb);
    await grantApp(restoreDb);
    const full = await runChild(child, { op: 'import', db: appParams(ref), fleet }, null);
    if (full.code !== 0) throw new Error(`reference import failed: ${full.stderr}`);
    const importMs = full.opMs!;
    const k = await createPool(params, { max: 2 });
    const kr = await createPool(appParams(ref), { max: 2 });
    try {
      // A killed writer's `locks` row (a MEMORY table, outside the transaction) blocks that computer
      // until LOCK_REUSE_TIME (default 600 s, as in OCS): the rounds shorten it to re-run at once.
      await k.raw("UPDATE config SET IVALUE = 2 WHERE NAME = 'LOCK_REUSE_TIME'");
      const expected = await fingerprints(kr);
      const dl = path.join(work, 'download');
      mkdirSync(dl);
      const file = path.join(work, 'payload.tar.gz');
      const payload = randomBytes(24 * 1024 * 1024);
      payload[0] = 0x1f;
      payload[1] = 0x8b;
      writeFileSync(file, payload);
      const durations: Record<string, number> = { import: importMs };
      const backups = path.join(work, 'backups');
      mkdirSync(backups);
      // The restore rounds replay one complete backup of the database, taken when their op starts.
      const restoreSrc = path.join(work, 'restore-source');
      mkdirSync(restoreSrc);
      let sourceSums = new Map<string, string>();
      let beforeBackup = new Map<string, string>();
      // The server-mode rounds compare with a complete server-mode import into the same database (the
      // comm server's result is the reference there, deliberate differences aside: docs/import.md).
      let expectedServer: Map<string, string> | null = null;
      const check = async (op: Op, round: number, afterKill = false) => {
        const found = [...(await orphansAndLocks(k, !afterKill))];
        if (op === 'import' || op === 'delete' || op === 'server-import') {
          const want = op === 'server-import' ? expectedServer! : expected;
          for (const [dev, fp] of await fingerprints(k))
            if (want.get(dev) !== fp) found.push(`computer ${dev} half-written`);
        }
        if (op === 'build') found.push(...(await halfPackages(k, dl)));
        if (op === 'backup') {
          found.push(...backupFolder(backups, afterKill));
          for (const [dev, fp] of await fingerprints(k))
            if (beforeBackup.get(dev) !== fp) found.push(`computer ${dev} changed by a backup`);
        }
        if (op === 'restore') found.push(...(await restoredState(k, restoreDb, sourceSums, afterKill)));
        for (const f of found) res.findings.push(`${op} round ${round}: ${f}`);
      };
      const complete = async (op: Op, cfg: ChildConfig, round: number) => {
        const r = await runChild(child, cfg, null);
        if (r.code !== 0)
          res.findings.push(`${op} round ${round}: the re-run failed: ${r.stderr.split('\n')[0]}`);
        // The latest whole run places the next kill: on a shared machine the load (so the duration) moves
        // a lot, and a duration from a slower moment lets most children finish before their kill.
        else if (WHOLE_RERUN.has(op) && r.opMs !== null) durations[op] = r.opMs;
        return r;
      };
      const roundsOf = async (op: Op) => {
        res.perOp[op] = { kills: 0, finishedFirst: 0 };
        const cfg: ChildConfig = {
          op,
          db: params,
          fleet,
          file,
          downloadDir: dl,
          serverUrl: STACK_ENV.serverUrl,
          backupDir: backups,
          restoreDb,
        };
        if (op === 'backup' || op === 'restore') {
          // A read-only source in the imported state (a delete round may have emptied it).
          await complete('import', { ...cfg, op: 'import' }, 0);
          beforeBackup = await fingerprints(k);
          if (op === 'restore') {
            await complete('backup', { ...cfg, op: 'backup', backupDir: restoreSrc }, 0);
            cfg.restoreFile = path.join(
              restoreSrc,
              readdirSync(restoreSrc).find((n) => n.endsWith('.sql.gz'))!,
            );
            sourceSums = (await checksums(k, db)).sums;
          }
        }
        for (let round = 1; round <= opts.rounds; round++) {
          // Each round starts from the state the operation expects.
          if (op === 'delete' || op === 'merge') {
            await complete('import', { ...cfg, op: 'import' }, round);
          }
          if (durations[op] === undefined) {
            durations[op] = (await complete(op, cfg, round)).opMs ?? 1000;
            if (op === 'delete' || op === 'merge') await complete('import', { ...cfg, op: 'import' }, round);
          }
          const delay = Math.floor(rand() * Math.max(50, durations[op]!) * 0.95);
          const r = await runChild(child, cfg, delay);
          // The comm server finishes the inventory it was sent when its client dies: wait for its lock to go.
          if (op === 'server-import') await quiet(k);
          if (r.killed) {
            res.kills++;
            res.perOp[op]!.kills++;
          } else {
            res.finishedFirst++;
            res.perOp[op]!.finishedFirst++;
            if (r.code !== 0)
              res.findings.push(`${op} round ${round}: failed without a kill: ${r.stderr.split('\n')[0]}`);
            // It ran whole from the state the operation expects: its duration places the next kill.
            else if (r.opMs !== null) durations[op] = r.opMs;
          }
          const [[l]] = (await k.raw('SELECT COUNT(*) AS n FROM locks')) as [[{ n: number }]];
          if (Number(l.n) > 0) {
            res.staleLocks += Number(l.n);
            await new Promise((r) => setTimeout(r, 3000)); // past LOCK_REUSE_TIME
          }
          await check(op, round, true);
          // What the kill left, for the log: a backup's temp file, a restore's marker.
          let left = '';
          if (op === 'backup')
            left = `, ${readdirSync(backups).filter((n) => n.startsWith('.ocsdesk-tmp-')).length} temp file(s) left`;
          if (op === 'restore')
            left = (await checksums(k, restoreDb)).marker ? ', target marked unfinished' : '';
          await complete(op, cfg, round);
          await check(op, round);
          if (op === 'delete') {
            const [[c]] = (await k.raw('SELECT COUNT(*) AS n FROM hardware')) as [[{ n: number }]];
            if (Number(c.n) !== 0)
              res.findings.push(`delete round ${round}: ${c.n} computers left after the re-run`);
          }
          if (op === 'merge') {
            const [[g]] = (await k.raw(
              'SELECT COUNT(*) AS n FROM (SELECT NAME FROM hardware GROUP BY NAME HAVING COUNT(*) > 1) x',
            )) as [[{ n: number }]];
            if (Number(g.n) !== 0)
              res.findings.push(`merge round ${round}: ${g.n} groups left after the re-run`);
          }
          say(
            `${op} round ${round}: ${r.killed ? `killed after ${delay} ms${left}` : 'finished before the kill'}`,
          );
        }
      };
      for (const op of ops) {
        if (op !== 'server-import') {
          await roundsOf(op);
          continue;
        }
        // The comm server writes into one database at a time: this one, for these rounds only.
        await withStackLock(async () => {
          const previousDb = /OCS_DB_NAME=(\S+)/.exec(await stack('env'))?.[1] ?? 'ocsweb';
          await stack('use-db', db);
          try {
            const r = await runChild(child, { op, db: params, fleet, serverUrl: STACK_ENV.serverUrl }, null);
            if (r.code !== 0) throw new Error(`reference server import failed: ${r.stderr}`);
            durations[op] = r.opMs!;
            expectedServer = await fingerprints(k);
            await roundsOf(op);
          } finally {
            await stack('use-db', previousDb).catch(() => undefined);
          }
        });
      }
    } finally {
      await k.destroy();
      await kr.destroy();
    }
  } finally {
    for (const d of dbs) await dropDb(d).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
  return res;
}
