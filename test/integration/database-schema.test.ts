import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpgradeResult } from '../../shared/contract/database';
import type { JobInfo } from '../../shared/contract/jobs';
import { createPool } from '../../src-main/platform/db/connect';
import {
  compareSchemas,
  introspectSchema,
  OCS_TABLES,
  definitionsMap,
  type SchemaDiff,
} from '../../src-main/platform/db/schema';
import { ADMIN, testApp } from '../helpers/app';
import { appParams, createOcsDb, dropDb, grantApp, ROOT, rootParams, uniqueDbName } from '../helpers/db';
import { stack, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';

/** The accepted differences, with their reasons, as docs/schema-compat.md lists them. */
interface Accepted extends Omit<SchemaDiff, 'reference' | 'actual'> {
  reference: '7039' | '7069';
  reason: string;
}
const ACCEPTED = (
  JSON.parse(readFileSync(path.resolve(__dirname, '../../docs/schema-compat.json'), 'utf8')) as {
    differences: Accepted[];
  }
).differences;

function unexplained(diffs: SchemaDiff[], level: '7039' | '7069'): SchemaDiff[] {
  return diffs.filter(
    (d) =>
      !ACCEPTED.some(
        (a) => a.reference === level && a.table === d.table && a.object === d.object && a.kind === d.kind,
      ),
  );
}
function unused(diffs: SchemaDiff[], level: '7039' | '7069'): Accepted[] {
  return ACCEPTED.filter(
    (a) =>
      a.reference === level &&
      !diffs.some((d) => a.table === d.table && a.object === d.object && a.kind === d.kind),
  );
}

const noStack = stackUnavailableReason();
const { app, call, session } = testApp();

async function job<T>(jobId: string): Promise<T> {
  const info: JobInfo = await app.jobs.wait(jobId);
  if (info.state !== 'succeeded') throw new Error(`job ${info.state}: ${JSON.stringify(info.error)}`);
  return info.result as T;
}

describe.skipIf(!!noStack)('OCS schema created by OCS Desk vs the real ones', () => {
  const ref39 = uniqueDbName('ocsdesk_ref39');
  const ref69 = uniqueDbName('ocsdesk_ref69');
  const upg = uniqueDbName('ocsdesk_upg');
  let ours = '';
  beforeAll(async () => {
    ours = await createOcsDb();
    // reset-db only creates the named database (the comm server keeps its own).
    await withStackLock(async () => {
      await stack('reset-db', ref39);
      await stack('reset-db', upg);
      await grantApp(upg);
      process.env.OCS_STACK_SCHEMA_LEVEL = 'full';
      try {
        await stack('reset-db', ref69);
      } finally {
        delete process.env.OCS_STACK_SCHEMA_LEVEL;
      }
    });
  });
  afterAll(async () => {
    for (const d of [ours, ref39, ref69, upg]) if (d) await dropDb(d);
  });

  it('creates every table of its own definitions, exactly as defined', async () => {
    const k = await createPool(rootParams(ours), { max: 1 });
    try {
      const live = await introspectSchema(k, ours);
      expect(compareSchemas(definitionsMap(OCS_TABLES), live)).toEqual([]);
      const cfg = (await k('config').where('NAME', 'GUI_VERSION').first('TVALUE', 'IVALUE')) as {
        TVALUE: string;
      };
      expect(cfg).toMatchObject({ TVALUE: '7069', IVALUE: 0 });
      expect(await k('software_publisher').where('ID', 1).first('PUBLISHER')).toEqual({
        PUBLISHER: 'Unavailable',
      });
      expect(await k('software_version').where('ID', 1).first('VERSION')).toEqual({ VERSION: 'Unavailable' });
      expect(Number((await k('accountinfo_config').where('NAME', 'TAG').count({ n: '*' }).first())?.n)).toBe(
        2,
      );
      const op = (await k('operators').where('ID', 'admin').first()) as Record<string, unknown>;
      expect(op).toMatchObject({ NEW_ACCESSLVL: 'sadmin', PASSWORD_VERSION: 1 });
      expect(String(op.PASSWD)).toMatch(/^\$2y\$10\$.{53}$/);
      // utf8 (utf8mb3) as the real schema
      const [cs] = (await k.raw(
        'SELECT DEFAULT_CHARACTER_SET_NAME AS c, DEFAULT_COLLATION_NAME AS o FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
        [ours],
      )) as [Array<{ c: string; o: string }>];
      expect(cs[0]?.c).toMatch(/^utf8(mb3)?$/);
    } finally {
      await k.destroy();
    }
  });

  it('differs from the shipped 7039 and the updated 7069 schemas only as docs/schema-compat.md lists', async () => {
    const k = await createPool(ROOT, { max: 1 });
    try {
      const mine = await introspectSchema(k, ours);
      for (const [level, db] of [
        ['7039', ref39],
        ['7069', ref69],
      ] as const) {
        const diffs = compareSchemas(await introspectSchema(k, db), mine);
        expect
          .soft(unexplained(diffs, level), `differences with ${level} not in docs/schema-compat.json`)
          .toEqual([]);
        expect
          .soft(unused(diffs, level), `listed differences with ${level} that no longer exist`)
          .toEqual([]);
      }
      // config and deploy: same columns in the same order as the reference (positional INSERTs)
      const ref = await introspectSchema(k, ref69);
      for (const t of ['config', 'deploy']) {
        expect(mine.get(t)?.columns.map((c) => c.name)).toEqual(ref.get(t)?.columns.map((c) => c.name));
      }
    } finally {
      await k.destroy();
    }
  });

  it('works on the shipped schema: probe says 7039 old, upgrade brings it to the superset, twice is a no-op', async () => {
    const s = session(ADMIN);
    const info = await call(s, 'connection.open', appParams(upg));
    expect(info.schema).toMatchObject({ state: 'old', guiVersion: '7039' });
    s.operator = ADMIN; // connection.open logs out
    const before = await call(s, 'database.inspect');
    expect(before.upgrade).toMatchObject({ possible: true, fromLevel: 7039 });
    expect(before.upgrade.steps.length).toBeGreaterThan(10);

    // data that must survive: a memory capacity as text, a blank one, a long-standing config value
    const k = await createPool(rootParams(upg), { max: 1 });
    try {
      await k('memories').insert([
        { HARDWARE_ID: 1, CAPACITY: '8192' },
        { HARDWARE_ID: 1, CAPACITY: '' },
      ]);
      await k('config').where('NAME', 'PROLOG_FREQ').update({ IVALUE: 5 });
      const { jobId } = await call(s, 'database.upgrade');
      const r = await job<UpgradeResult>(jobId);
      expect(r).toMatchObject({ fromLevel: 7039, toLevel: 7069 });

      const diffs = compareSchemas(definitionsMap(OCS_TABLES), await introspectSchema(k, upg));
      expect(diffs).toEqual([]);
      expect(await k('config').where('NAME', 'GUI_VERSION').first('TVALUE')).toEqual({ TVALUE: '7069' });
      expect(await k('config').where('NAME', 'PROLOG_FREQ').first('IVALUE')).toEqual({ IVALUE: 5 });
      expect(await k('config').where('NAME', 'INTERFACE_LAST_CONTACT').first('IVALUE')).toEqual({
        IVALUE: 15,
      });
      expect(
        (await k('memories').orderBy('ID').select('CAPACITY')).map((x: { CAPACITY: unknown }) => x.CAPACITY),
      ).toEqual([8192, null]);
      expect(Number((await k('snmp_types_conditions').count({ n: '*' }).first())?.n)).toBe(1);

      const after = await call(s, 'database.inspect');
      expect(after.schema.state).toBe('ok');
      expect(after.upgrade.steps).toEqual([]);
      const again = await job<UpgradeResult>((await call(s, 'database.upgrade')).jobId);
      expect(again.steps).toEqual([]);
    } finally {
      await k.destroy();
      await s.dispose();
    }
  });

  it('refuses an upgrade that would lose data, and unknown levels', async () => {
    const db = uniqueDbName('ocsdesk_upgx');
    await withStackLock(() => stack('reset-db', db));
    await grantApp(db);
    const s = session(ADMIN);
    const k = await createPool(rootParams(db), { max: 1 });
    try {
      await k('memories').insert({ HARDWARE_ID: 1, CAPACITY: '4 GB' });
      await call(s, 'connection.open', appParams(db));
      s.operator = ADMIN;
      const rep = await call(s, 'database.inspect');
      expect(rep.upgrade.possible).toBe(false);
      expect(rep.upgrade.reason).toMatch(/memories\.CAPACITY/);
      const info = await app.jobs.wait((await call(s, 'database.upgrade')).jobId);
      expect(info.state).toBe('failed');
      expect(info.error?.code).toBe('CONFLICT');
      // nothing changed
      expect(await k('config').where('NAME', 'GUI_VERSION').first('TVALUE')).toEqual({ TVALUE: '7039' });
      expect((await k('memories').first('CAPACITY')) as unknown).toEqual({ CAPACITY: '4 GB' });

      await k('config').where('NAME', 'GUI_VERSION').update({ TVALUE: '7100' });
      const newer = await call(s, 'database.inspect');
      expect(newer.upgrade).toMatchObject({ possible: false, reason: 'DB_SCHEMA_TOO_NEW' });
      await k('config').where('NAME', 'GUI_VERSION').update({ TVALUE: '7001' });
      expect((await call(s, 'database.inspect')).upgrade.reason).toBe('DB_SCHEMA_TOO_OLD');
    } finally {
      await k.destroy();
      await s.dispose();
      await dropDb(db);
    }
  });

  it('init refuses a database that already has tables, and needs no login', async () => {
    const { jobId } = await call(session(), 'database.init', {
      server: { host: ROOT.host, port: ROOT.port, user: ROOT.user, password: ROOT.password },
      database: ref39,
    });
    const info = await app.jobs.wait(jobId);
    expect(info.state).toBe('failed');
    expect(info.error).toMatchObject({ code: 'CONFLICT' });
  });
});
