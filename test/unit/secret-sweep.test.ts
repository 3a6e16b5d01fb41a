import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import AdmZip from 'adm-zip';
import { afterAll, describe, expect, it } from 'vitest';
import { derivePassword, PLANTED_LABELS } from '../helpers/planted-passwords';
import { scanForSecrets, secretForms } from '../helpers/secret-scan';

/**
 * The post-suite secret sweep finds a planted password whatever form it was written in and wherever
 * the suite left it, and names the file: proven here on planted files, then end to end through the
 * command `npm test` runs last (test/secrets/sweep.ts) on a fake run folder.
 */

const work = mkdtempSync(path.join(os.tmpdir(), 'ocsdesk-sweep-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A fresh folder with `files` (relative name → content) in it. */
function runDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(work, 'run-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('secret scanner', () => {
  // Characters that URL-encoding and JSON-escaping change, so each form differs from the plain one.
  const secret = `Sweep "pw"/${randomBytes(4).toString('hex')}\\é`;
  const [plain, url, json, base64, hex] = [
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('hex'),
  ];

  it('gives five distinct forms for a password with characters to escape', () => {
    expect(secretForms(secret)).toEqual([plain, url, json, base64, hex]);
  });

  it('names the file and the form of each planted copy, in nested folders, binary files and archives', () => {
    const zip = new AdmZip();
    zip.addFile('trace/0-trace.trace', Buffer.from(`{"params":{"value":"${json}"}}`));
    const dir = runDir({
      'config/logs/main.log': `{"level":"info","msg":"connected with ${plain}"}\n`,
      'tmp/a/b/request.txt': `password=${url}&x=1`,
      'reports/export.json': JSON.stringify({ password: secret }),
      'tmp/auth.bin': Buffer.concat([randomBytes(64), Buffer.from(base64), randomBytes(64)]),
      'tmp/dump.hex': `0x${hex}`,
      'e2e/trace.zip': zip.toBuffer(),
      'backup/db.sql.gz': gzipSync(`INSERT INTO x VALUES ('${plain}');`),
      'clean/computers.csv': 'ID;NAME\n1;pc-1\n',
    });
    const { hits, stats } = scanForSecrets([dir], { db: secret });
    const at = (f: string) => path.join(dir, f);
    expect(new Set(hits.map((h) => `${h.form} ${h.file}`))).toEqual(
      new Set([
        `plain ${at('config/logs/main.log')}`,
        `url ${at('tmp/a/b/request.txt')}`,
        `json ${at('reports/export.json')}`,
        `base64 ${at('tmp/auth.bin')}`,
        `hex ${at('tmp/dump.hex')}`,
        `json ${at('e2e/trace.zip')}!trace/0-trace.trace`,
        `plain ${at('backup/db.sql.gz')}!gunzip`,
      ]),
    );
    expect(hits.every((h) => h.secret === 'db')).toBe(true);
    expect(stats.files).toBe(8);
  });

  it('finds a password across the cut between two chunks of a big file', () => {
    const size = 32 * 1024 * 1024 + 4096;
    const big = Buffer.alloc(size, 0x20);
    big.write(plain, 32 * 1024 * 1024 - 5, 'utf8');
    const dir = runDir({ 'tmp/big.log': big });
    expect(scanForSecrets([dir], { db: secret }).hits.map((h) => h.form)).toEqual(['plain']);
  });

  it('reports nothing on clean files and ignores missing folders', () => {
    const dir = runDir({ 'a.log': 'nothing here', 'b.json': '{"password":"***"}' });
    const r = scanForSecrets([dir, path.join(dir, 'missing')], { db: secret });
    expect(r.hits).toEqual([]);
    expect(r.stats.files).toBe(2);
  });
});

describe('the sweep step of npm test', () => {
  const sweep = (dirs: string[], env: Record<string, string>) => {
    const summary = path.join(work, `summary-${randomBytes(3).toString('hex')}.json`);
    const r = spawnSync(
      process.execPath,
      ['scripts/run-ts.mjs', 'test/secrets/sweep.ts', ...dirs, '--summary', summary],
      { encoding: 'utf8', env: { ...process.env, ...env } },
    );
    return {
      code: r.status,
      out: r.stdout + r.stderr,
      summary: JSON.parse(readFileSync(summary, 'utf8')) as { clean: boolean; files: number },
    };
  };

  it('fails naming the file when a planted password of the run was written, passes when none was', () => {
    const seed = randomBytes(16).toString('hex');
    const appPw = `App-${randomBytes(6).toString('hex')}`;
    const env = { OCS_TEST_SECRET_SEED: seed, OCS_TEST_APP_PASSWORD: appPw };
    const viewer = derivePassword(seed, 'e2eViewer');
    expect(PLANTED_LABELS).toContain('e2eViewer');
    const leaky = runDir({
      'tmp/ocs-desk-e2e-config-x/logs/main.log': `{"msg":"login viewer ${Buffer.from(viewer).toString('base64')}"}`,
      'tmp/ocsdesk-export/report.csv': `server;${encodeURIComponent(appPw)}\n`,
      'config/profiles.json': '{"profiles":[]}',
    });
    const bad = sweep([leaky], env);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(
      `LEAK: e2eViewer (base64) in ${path.join(leaky, 'tmp/ocs-desk-e2e-config-x/logs/main.log')}`,
    );
    expect(bad.out).toContain(
      `LEAK: appAccountInUse (url) in ${path.join(leaky, 'tmp/ocsdesk-export/report.csv')}`,
    );
    expect(bad.summary.clean).toBe(false);

    // Another run (another seed): the same files hold none of its passwords.
    const other = sweep([leaky], { OCS_TEST_SECRET_SEED: randomBytes(16).toString('hex') });
    expect(other.code, other.out).toBe(0);
    expect(other.out).toMatch(/secret sweep: \d+ planted passwords x 5 forms over 3 files/);
    expect(other.summary).toMatchObject({ clean: true, files: 3 });

    // A sweep that found no file proves nothing: it fails.
    const empty = sweep([path.join(work, 'no-such-run')], env);
    expect(empty.code).toBe(1);
    expect(empty.out).toContain('nothing to search');
  });
});
