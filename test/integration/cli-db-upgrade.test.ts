import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createRealSchemaDb, dropDb, realSchemaAvailable, ROOT } from '../helpers/db';

const run = promisify(execFile);
const ROOT_DIR = path.resolve(__dirname, '../..');

/** `ocs-desk db …` as root on the test server (the built CLI, as an admin runs it). */
async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(
    'node',
    [
      'bin/ocs-desk.cjs',
      'db',
      ...args,
      '--host',
      ROOT.host,
      '--port',
      String(ROOT.port),
      '--user',
      ROOT.user,
      '--password-env',
      'OCS_IT_PW',
    ],
    { cwd: ROOT_DIR, env: { ...process.env, OCS_IT_PW: ROOT.password } },
  );
  return stdout;
}

describe.skipIf(!realSchemaAvailable())('ocs-desk db upgrade', () => {
  const dbs: string[] = [];
  afterAll(async () => {
    for (const db of dbs) await dropDb(db);
  });

  it('upgrades the shipped 7039 schema and then offers the optional indexes (issue 22)', async () => {
    const db = await createRealSchemaDb();
    dbs.push(db);
    const dry = await cli('upgrade', '--dry-run', '--database', db);
    expect(dry).toContain('schema level 7039 (target 7069)');
    expect(dry).toContain('optional OCS Desk indexes: 5 of 5 missing');
    const up = await cli('upgrade', '--database', db);
    expect(up).toContain('upgraded from 7039 to 7069');
    expect(up).toMatch(
      /optional OCS Desk indexes: 5 of 5 missing \(ocsdesk_lastdate, .*\); about \d+ s and .* to build, online\./,
    );
    expect(up).toContain('Add them with: ocs-desk db indexes --create');
    const created = JSON.parse(await cli('indexes', '--create', '--json', '--database', db)) as {
      created: string[];
    };
    expect(created.created).toHaveLength(5);
    expect(await cli('upgrade', '--dry-run', '--database', db)).toContain(
      'optional OCS Desk indexes: all present',
    );
  });
});
