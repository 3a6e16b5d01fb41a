import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logUncaught } from './crash-log';
import { startLogFile } from './log-file';
import { configureLogger, log } from './logger';
import { forgetSecrets, redactText, rememberSecret } from './redact-text';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'ocsdesk-log-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  configureLogger({ level: 'error', sink: (line) => process.stderr.write(line + '\n') });
  forgetSecrets();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('redactText', () => {
  it.each([
    ["CREATE USER 'u'@'%' IDENTIFIED BY 'S3cret-Plant'", 'S3cret-Plant'],
    ['ALTER USER u IDENTIFIED VIA mysql_native_password USING PASSWORD("S3cret-Plant")', 'S3cret-Plant'],
    ['mysql://root:S3cret-Plant@db:3306/ocs', 'S3cret-Plant'],
    ['GET /x?password=S3cret-Plant&a=1', 'S3cret-Plant'],
    ['{"dbPassword":"S3cret-Plant"}', 'S3cret-Plant'],
    ['MYSQL_PWD=S3cret-Plant mysqldump', 'S3cret-Plant'],
    ['authorization: Bearer abcdef0123456789', 'abcdef0123456789'],
    ['{"msg":"x","detail":"token=S3cret-Plant"}', 'S3cret-Plant'],
  ])('masks the secret in %s', (line, secret) => {
    const out = redactText(line);
    expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('keeps MySQL "(using password: YES)" readable', () => {
    expect(redactText("Access denied for user 'a'@'h' (using password: YES)")).toContain('password: YES');
  });

  it('masks a remembered password wherever it appears, in any encoding', () => {
    rememberSecret('Pl@nt ed/99');
    const out = redactText(`a Pl@nt ed/99 b ${encodeURIComponent('Pl@nt ed/99')} c`);
    expect(out).not.toContain('Pl@nt ed/99');
    expect(out).not.toContain(encodeURIComponent('Pl@nt ed/99'));
  });
});

describe('main-process log file', () => {
  it('writes redacted lines to <folder>/main.log, and never a planted secret', () => {
    const dir = tmp();
    const f = startLogFile(dir, { level: 'debug' });
    rememberSecret('Planted-Db-Pw-77');
    log.info('connect', { password: 'Planted-Key-11', note: 'used Planted-Db-Pw-77' });
    log.error('sql', { error: new Error("ALTER USER x IDENTIFIED BY 'Planted-Sql-22'") });
    f.write('token=Planted-Raw-33');
    expect(f.file).toBe(path.join(dir, 'main.log'));
    const text = readFileSync(f.file, 'utf8');
    expect(text).toContain('"msg":"connect"');
    for (const s of ['Planted-Key-11', 'Planted-Db-Pw-77', 'Planted-Sql-22', 'Planted-Raw-33'])
      expect(text).not.toContain(s);
  });

  it('rotates at the size limit and keeps exactly one archive', () => {
    const dir = tmp();
    const f = startLogFile(dir, { maxSize: 2000 });
    for (let i = 0; i < 200; i++) log.error('line', { i, pad: 'x'.repeat(50) });
    expect(readdirSync(dir).sort()).toEqual(['main.log', 'main.old.log']);
    expect(readFileSync(f.file).length).toBeLessThan(2000 + 200);
    expect(readFileSync(path.join(dir, 'main.old.log')).length).toBeGreaterThan(1500);
  });

  it('writes uncaught exceptions and unhandled rejections, redacted', () => {
    const dir = tmp();
    const f = startLogFile(dir);
    const proc = new EventEmitter();
    const exits: number[] = [];
    logUncaught(proc, { exitOnUncaught: true, exit: (c) => exits.push(c) });
    proc.emit('uncaughtException', new Error('boom password=Planted-Crash-44'));
    proc.emit('unhandledRejection', new Error("IDENTIFIED BY 'Planted-Rej-55'"));
    const text = readFileSync(f.file, 'utf8');
    expect(text).toContain('uncaught exception');
    expect(text).toContain('unhandled promise rejection');
    expect(text).not.toContain('Planted-Crash-44');
    expect(text).not.toContain('Planted-Rej-55');
    expect(exits).toEqual([1]);
  });
});
