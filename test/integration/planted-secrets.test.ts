import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp } from '../../src-main/app/compose';
import { createAccount, grantDatabase } from '../../src-main/database/database.repo';
import { createPool } from '../../src-main/platform/db/connect';
import { startLogFile, defaultLogFolder } from '../../src-main/platform/log/log-file';
import { configureLogger } from '../../src-main/platform/log/logger';
import { startWebShell, type WebShell } from '../../src-main/web-shell/server';
import { createOcsDb, dropDb, ROOT } from '../helpers/db';
import { scanForSecrets, secretsInTexts } from '../helpers/secret-scan';

/**
 * Planted secrets: known, unguessable DB and operator passwords go through the real door (the web shell)
 * on the paths that handle them — saving a profile, a wrong DB password, connecting, a wrong and a right
 * login, changing the password, creating an operator, exporting a report — with the logger at debug.
 * Afterwards neither password may appear in the log (and the log file), in the settings folder (profile store, key file),
 * in a written report, in any answer, or in clear in the database.
 */

const tag = randomBytes(6).toString('hex');
const PLANTED = {
  db: `Plant-Db-${tag}-7q`,
  dbWrong: `Plant-Wrong-${tag}-3k`,
  operator: `Plant-Op-${tag}-5z`,
  operatorWrong: `Plant-Guess-${tag}-1w`,
  newOperator: `Plant-New-${tag}-8m`,
};
const DB_USER = `ocsdesk_plant_${tag.slice(0, 6)}`;

describe('planted passwords never reach logs, settings, reports or answers', () => {
  let db: string;
  let configDir: string;
  let outDir: string;
  let shell: WebShell;
  const logLines: string[] = [];
  const answers: string[] = [];

  async function rpc(
    route: string,
    input: unknown,
  ): Promise<{ ok: boolean; data?: unknown; error?: { code: string } }> {
    const res = await fetch(`http://127.0.0.1:${shell.port}/api/rpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${shell.token}` },
      body: JSON.stringify({ route, input }),
    });
    const text = await res.text();
    answers.push(text);
    return JSON.parse(text) as { ok: boolean; data?: unknown; error?: { code: string } };
  }

  beforeAll(async () => {
    configDir = mkdtempSync(path.join(os.tmpdir(), 'ocsdesk-plant-cfg-'));
    // The real log file of the web shell and the Electron app, in the settings folder scanned below.
    startLogFile(defaultLogFolder(configDir), { level: 'debug', echo: (line) => logLines.push(line) });
    db = await createOcsDb();
    const k = await createPool(ROOT, { database: null, max: 1 });
    try {
      for (const host of ['localhost', '127.0.0.1']) {
        await createAccount(k, DB_USER, host, PLANTED.db);
        await grantDatabase(k, db, DB_USER, host);
      }
    } finally {
      await k.destroy();
    }
    outDir = mkdtempSync(path.join(os.tmpdir(), 'ocsdesk-plant-out-'));
    shell = await startWebShell(composeApp({ configDir }), { rendererDir: outDir });
  });

  afterAll(async () => {
    await shell?.close();
    configureLogger({ level: 'info', sink: (line) => process.stderr.write(line + '\n') });
    const k = await createPool(ROOT, { database: null, max: 1 });
    try {
      for (const host of ['localhost', '127.0.0.1']) await k.raw('DROP USER IF EXISTS ?@?', [DB_USER, host]);
    } finally {
      await k.destroy();
    }
    if (db) await dropDb(db);
    for (const d of [configDir, outDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('walks every path that handles a password, then finds none of them written anywhere', async () => {
    const server = { host: ROOT.host, port: ROOT.port, user: DB_USER, database: db };

    const wrongDb = await rpc('connection.open', { ...server, password: PLANTED.dbWrong });
    expect(wrongDb.ok).toBe(false);
    expect((await rpc('profiles.save', { name: 'planted', ...server, password: PLANTED.db })).ok).toBe(true);
    expect((await rpc('profiles.connect', { name: 'planted' })).ok).toBe(true);

    const guess = await rpc('auth.login', { login: 'admin', password: PLANTED.operatorWrong });
    expect(guess.ok).toBe(false);
    expect((await rpc('auth.login', { login: 'admin', password: 'admin' })).ok).toBe(true);
    const changed = await rpc('auth.changePassword', {
      currentPassword: 'admin',
      newPassword: PLANTED.operator,
    });
    expect(changed.ok, JSON.stringify(changed.error)).toBe(true);
    await rpc('auth.logout', {});
    expect((await rpc('auth.login', { login: 'admin', password: PLANTED.operator })).ok).toBe(true);
    const created = await rpc('operators.create', {
      login: `plant${tag.slice(0, 4)}`,
      password: PLANTED.newOperator,
      profile: 'read-only',
      firstName: 'Planted',
      lastName: 'Secret',
      email: null,
    });
    expect(created.ok, JSON.stringify(created.error)).toBe(true);
    const exported = await rpc('computers.exportCsvFile', { path: path.join(outDir, 'computers.csv') });
    expect(exported.ok, JSON.stringify(exported.error)).toBe(true);
    const jobId = (exported.data as { jobId: string }).jobId;
    let state = 'queued';
    for (let i = 0; i < 600 && (state === 'queued' || state === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = ((await rpc('jobs.get', { jobId })).data as { state: string }).state;
    }
    expect(state).toBe('succeeded');
    expect(readFileSync(path.join(outDir, 'computers.csv'), 'utf8')).toContain('\n');

    // The database keeps hashes only (operators, and OCS Desk's own tables).
    const k = await createPool({ ...ROOT, database: db }, { max: 1 });
    let dbText = '';
    try {
      const [tables] = (await k.raw(
        "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND (TABLE_NAME = 'operators' OR TABLE_NAME LIKE 'ocsdesk%')",
        [db],
      )) as [Array<{ t: string }>];
      for (const { t } of tables) dbText += JSON.stringify((await k.raw('SELECT * FROM ??', [t]))[0]);
    } finally {
      await k.destroy();
    }

    // The forms and the file walk are the post-suite sweep's (test/helpers/secret-scan.ts).
    const inTexts = secretsInTexts(
      [
        { where: 'log', text: logLines.join('\n') },
        { where: 'answers', text: answers.join('\n') },
        { where: 'database', text: dbText },
      ],
      PLANTED,
    );
    const inFiles = scanForSecrets([configDir, outDir], PLANTED);
    expect(logLines.length).toBeGreaterThan(0);
    expect(inFiles.stats.files).toBeGreaterThan(1);
    expect(readFileSync(path.join(defaultLogFolder(configDir), 'main.log'), 'utf8')).toContain('"level"');
    const found = [...inTexts, ...inFiles.hits.map((h) => `${h.secret} in ${h.file} (${h.form})`)];
    expect(found).toEqual([]);
  });
});
