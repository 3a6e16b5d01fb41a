import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER, testApp } from '../helpers/app';
import { createOcsDb, dropDb } from '../helpers/db';

const { app, call, connect, session } = testApp();

/** computers.exportCsvFile never replaces a file unless told to, and never leaves half a file. */
describe('CSV export to a file', () => {
  let db = '';
  let dir = '';
  const user = session(USER);
  const exportTo = async (file: string, overwrite?: boolean) => {
    const { jobId } = await call(user, 'computers.exportCsvFile', {
      columns: ['hardware.NAME'],
      path: file,
      ...(overwrite === undefined ? {} : { overwrite }),
    });
    return app.jobs.wait(jobId);
  };

  beforeAll(async () => {
    db = await createOcsDb();
    dir = mkdtempSync(path.join(tmpdir(), 'ocsdesk-csv-'));
    await connect(user, db);
  });
  afterAll(async () => {
    await user.dispose();
    rmSync(dir, { recursive: true, force: true });
    if (db) await dropDb(db);
  });

  it('refuses to overwrite an existing file, or what a link points to, without overwrite', async () => {
    const file = path.join(dir, 'precious.txt');
    writeFileSync(file, 'keep me');
    const r = await exportTo(file);
    expect(r.state).toBe('failed');
    expect(r.error).toMatchObject({ code: 'CONFLICT' });
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    const target = path.join(dir, 'target.txt');
    writeFileSync(target, 'also keep me');
    symlinkSync(target, path.join(dir, 'link.csv'));
    expect((await exportTo(path.join(dir, 'link.csv'))).error).toMatchObject({ code: 'CONFLICT' });
    expect(readFileSync(target, 'utf8')).toBe('also keep me');
    expect(readdirSync(dir).sort()).toEqual(['link.csv', 'precious.txt', 'target.txt']);
  });

  it('writes a new file, and replaces one with overwrite: true (the link itself, not its target)', async () => {
    const fresh = path.join(dir, 'new.csv');
    expect((await exportTo(fresh)).state).toBe('succeeded');
    expect(readFileSync(fresh, 'utf8')).toMatch(/^\ufeffComputer name\r\n/);
    const file = path.join(dir, 'precious.txt');
    expect((await exportTo(file, true)).state).toBe('succeeded');
    expect(readFileSync(file, 'utf8')).toMatch(/^\ufeffComputer name/);
    expect((await exportTo(path.join(dir, 'link.csv'), true)).state).toBe('succeeded');
    expect(lstatSync(path.join(dir, 'link.csv')).isSymbolicLink()).toBe(false);
    expect(readFileSync(path.join(dir, 'target.txt'), 'utf8')).toBe('also keep me');
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
