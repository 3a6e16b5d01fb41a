import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MergeResult } from '../../shared/contract/duplicates';
import type { JobInfo } from '../../shared/contract/jobs';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { scopeFromParts } from '../../src-main/platform/ocs/scope';
import { createPool } from '../../src-main/platform/db/connect';
import type { Session } from '../../src-main/platform/rpc/session';
import type { DuplicateCriterion } from '../../shared/contract/duplicates';
import { ADMIN, USER, failure, operatorOf, testApp } from '../helpers/app';
import { createOcsDb, createRealSchemaDb, dropDb, rootParams } from '../helpers/db';
import { addComputer, NEW_PC, OLD_PC, seedDuplicates } from '../helpers/duplicates-seed';
import { mergeGroups } from '../../src-main/duplicates/merge';

const { app, call, session, connect } = testApp();

async function merge(s: Session, groups: number[][]): Promise<JobInfo> {
  const { jobId } = await call(s, 'duplicates.merge', { groups });
  return app.jobs.wait(jobId);
}

const groupsOf = async (s: Session, criterion: DuplicateCriterion) =>
  (
    await call(s, 'duplicates.groups', {
      criterion,
      pageSize: 200,
    })
  ).rows;

describe('duplicates on a seeded fleet with hand-made duplicates', () => {
  let db = '';
  let k: Knex;
  let admin: Session;
  let user: Session;
  let ids: Awaited<ReturnType<typeof seedDuplicates>>;

  beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    await seedFleet(k, {
      computers: 40,
      seed: 5,
      batch: 40,
      concurrency: 1,
      baseDate: new Date('2026-11-20T12:00:00Z'),
    });
    ids = await seedDuplicates(k);
    await k('config').where('NAME', 'TRACE_DELETED').update({ IVALUE: 1 });
    admin = await connect(session(ADMIN), db);
    user = await connect(session(USER), db);
  });
  afterAll(async () => {
    app.jobs.cancelAll();
    await admin?.dispose();
    await user?.dispose();
    await k?.destroy();
    if (db) await dropDb(db);
  });

  it('counts groups for the six criteria and lists the computers of each group, blacklisted values excluded', async () => {
    const summary = await call(user, 'duplicates.summary');
    expect(summary.map((c) => c.criterion)).toEqual([
      'hostname_serial',
      'hostname_macaddress',
      'macaddress_serial',
      'hostname',
      'ssn',
      'macaddress',
    ]);
    for (const c of summary) expect(c.groups).toBeGreaterThanOrEqual(2);
    const hs = await groupsOf(user, 'hostname_serial');
    const dup = hs.find((g) => g.key === 'DUP-PC / DUPSERIAL1')!;
    expect(dup.computers.map((c) => c.id).sort()).toEqual([ids.oldId, ids.newId].sort());
    expect(dup.computers.find((c) => c.survivor)?.id).toBe(ids.newId);
    expect(dup.computers[0]).toMatchObject({ name: 'DUP-PC', serial: 'DUPSERIAL1' });
    // MACs compare case-insensitively; the blacklisted 00:00:00:00:00:00 and FF:FF:FF:FF:FF:FF never group
    const macs = await groupsOf(user, 'macaddress');
    expect(
      macs.some((g) => g.values[0]!.toUpperCase() === 'AA:BB:CC:00:00:01' && g.computers.length === 2),
    ).toBe(true);
    expect(
      macs.find(
        (g) =>
          g.computers[0]!.mac?.startsWith('AA:BB:CC:00:00:01') || g.key.toUpperCase() === 'AA:BB:CC:00:00:01',
      )?.computers[0]?.mac,
    ).toMatch(/^aa:bb:cc:00:00:01/i);
    expect(macs.some((g) => ['00:00:00:00:00:00', 'FF:FF:FF:FF:FF:FF'].includes(g.key))).toBe(false);
    expect((await groupsOf(user, 'ssn')).some((g) => g.key === 'N/A')).toBe(false);
    expect((await groupsOf(user, 'hostname_macaddress')).some((g) => g.values[0] === 'DUP-PC')).toBe(true);
    expect((await groupsOf(user, 'macaddress_serial')).some((g) => g.values[1] === 'LOCKSER')).toBe(true);
    const paged = await call(user, 'duplicates.groups', {
      criterion: 'hostname',
      pageSize: 1,
      page: 2,
    });
    expect(paged.rows).toHaveLength(1);
    expect(paged.total).toBe(summary.find((c) => c.criterion === 'hostname')!.groups);
    // An operator restricted to one TAG only sees groups whose computers carry it (each pair mixes two TAGs).
    const restricted = await connect(session({ ...USER, id: 'restricted', tags: ['OLD-TAG'] }), db);
    try {
      const mine = await call(restricted, 'duplicates.summary');
      expect(mine.find((c) => c.criterion === 'hostname_serial')?.groups).toBe(0);
      expect(await groupsOf(restricted, 'hostname_serial')).toEqual([]);
    } finally {
      await restricted.dispose();
    }
  });

  it('refuses a merge to a User', async () => {
    expect((await failure(call(user, 'duplicates.merge', { groups: [[ids.oldId, ids.newId]] }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await k('hardware').whereIn('ID', [ids.oldId, ids.newId]).count({ n: '*' }))[0]!.n).toBe('2');
  });

  it('merges a group into its most recent computer: old admin data win, old rows gone, deleted_equiv written', async () => {
    const newBios = await k('bios').where('HARDWARE_ID', ids.newId).first();
    const job = await merge(admin, [[ids.oldId, ids.newId]]);
    expect(job.state).toBe('succeeded');
    expect(job.result as MergeResult).toEqual({
      merged: 1,
      removed: 1,
      survivors: [ids.newId],
      skipped: [],
      traced: true,
    });
    expect(await k('hardware').where('ID', ids.oldId).first()).toBeUndefined();
    const kept = await k('hardware').where('ID', ids.newId).first();
    expect(kept).toMatchObject({ DEVICEID: 'DUP-PC-2026-11-20-00-00-00' });
    expect([Number(kept.FIDELITY), Number(kept.CHECKSUM)]).toEqual([7, 5]);
    expect(await k('accountinfo').where('HARDWARE_ID', ids.newId).select('TAG')).toEqual([
      { TAG: 'OLD-TAG' },
    ]);
    expect(await k('accountinfo').where('HARDWARE_ID', ids.oldId)).toEqual([]);
    expect(
      await k('devices').where('HARDWARE_ID', ids.newId).select('NAME', 'IVALUE', 'TVALUE').orderBy('NAME'),
    ).toEqual([
      { NAME: 'DOWNLOAD', IVALUE: 42, TVALUE: 'SUCCESS' },
      { NAME: 'FREQUENCY', IVALUE: 7, TVALUE: null },
    ]);
    for (const t of ['bios', 'networks', 'drives', 'devices', 'accountinfo']) {
      expect(await k(t).where('HARDWARE_ID', ids.oldId), t).toEqual([]);
    }
    expect(await k('bios').where('HARDWARE_ID', ids.newId).first()).toEqual(newBios);
    expect((await k('networks').where('HARDWARE_ID', ids.newId).count({ n: '*' }))[0]!.n).toBe('2');
    expect(await k('deleted_equiv').select('DELETED', 'EQUIVALENT')).toEqual([
      { DELETED: String(ids.oldId), EQUIVALENT: String(ids.newId) },
    ]);
    expect(await k('locks').select()).toEqual([]);
    expect((await groupsOf(user, 'hostname_serial')).some((g) => g.values[0] === 'DUP-PC')).toBe(false);
  });

  it('skips a group with a computer locked by another writer, and reports progress', async () => {
    await k('locks').insert({ HARDWARE_ID: ids.lockedA, ID: 999_999 });
    const events: JobInfo[] = [];
    const off = app.bus.subscribe((e) => {
      if (e.topic === 'job') events.push(e.payload);
    });
    const job = await merge(admin, [[ids.lockedA, ids.lockedB]]).finally(off);
    expect(job.result as MergeResult).toMatchObject({
      merged: 0,
      removed: 0,
      skipped: [{ reason: 'locked' }],
    });
    expect((await k('hardware').whereIn('ID', [ids.lockedA, ids.lockedB]).count({ n: '*' }))[0]!.n).toBe('2');
    expect(await k('locks').select('HARDWARE_ID', 'ID')).toEqual([{ HARDWARE_ID: ids.lockedA, ID: 999_999 }]);
    expect(events.some((e) => e.total === 1)).toBe(true);
    await k('locks').delete();
  });

  it('stops before the first group when cancelled, and writes no deleted_equiv row when TRACE_DELETED=0', async () => {
    const a = await addComputer(k, { ...OLD_PC, deviceId: 'TR-A', name: 'TRACE-PC', ssn: 'TRSER', macs: [] });
    const b = await addComputer(k, { ...NEW_PC, deviceId: 'TR-B', name: 'TRACE-PC', ssn: 'TRSER', macs: [] });
    const scope = scopeFromParts(null, []);
    await expect(
      mergeGroups(k, scope, [[a, b]], { progress: () => undefined, signal: AbortSignal.abort() }),
    ).rejects.toThrow();
    expect((await k('hardware').whereIn('ID', [a, b]).count({ n: '*' }))[0]!.n).toBe('2');
    expect(await k('locks').select()).toEqual([]);
    await k('config').where('NAME', 'TRACE_DELETED').update({ IVALUE: 0 });
    const before = (await k('deleted_equiv').count({ n: '*' }))[0]!.n;
    const job = await merge(admin, [[a, b]]);
    expect(job.result as MergeResult).toMatchObject({ merged: 1, removed: 1, survivors: [b], traced: false });
    expect((await k('deleted_equiv').count({ n: '*' }))[0]!.n).toBe(before);
    expect(await k('hardware').where('ID', a).first()).toBeUndefined();
    await k('config').where('NAME', 'TRACE_DELETED').update({ IVALUE: 1 });
  });

  it('adds, lists and removes blacklisted MACs and serials (Administrator only); a blacklisted MAC no longer groups', async () => {
    expect(
      (await failure(call(user, 'duplicates.addBlacklist', { kind: 'mac', value: 'AA:BB:CC:00:00:02' })))
        .code,
    ).toBe('FORBIDDEN');
    const added = await call(admin, 'duplicates.addBlacklist', {
      kind: 'mac',
      value: 'aa-bb-cc-00-00-02',
    });
    expect(added.value).toBe('AA:BB:CC:00:00:02');
    expect(
      (await failure(call(admin, 'duplicates.addBlacklist', { kind: 'mac', value: 'AA:BB:CC:00:00:02' })))
        .code,
    ).toBe('CONFLICT');
    expect((await failure(call(admin, 'duplicates.addBlacklist', { kind: 'mac', value: 'nope' }))).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await call(user, 'duplicates.blacklist', { kind: 'mac' })).map((e) => e.value)).toContain(
      'AA:BB:CC:00:00:02',
    );
    expect(
      (await groupsOf(user, 'macaddress')).some((g) => g.key.toUpperCase() === 'AA:BB:CC:00:00:02'),
    ).toBe(false);
    const serial = await call(admin, 'duplicates.addBlacklist', {
      kind: 'serial',
      value: 'LOCKSER',
    });
    expect((await groupsOf(user, 'ssn')).some((g) => g.key === 'LOCKSER')).toBe(false);
    await call(admin, 'duplicates.removeBlacklist', { kind: 'serial', id: serial.id });
    await call(admin, 'duplicates.removeBlacklist', { kind: 'mac', id: added.id });
    expect(
      (await failure(call(admin, 'duplicates.removeBlacklist', { kind: 'mac', id: added.id }))).code,
    ).toBe('NOT_FOUND');
    expect((await groupsOf(user, 'ssn')).some((g) => g.key === 'LOCKSER')).toBe(true);
  });
});

// The schema the real OCS ships has `archive.HARDWARE_ID` as a foreign key to `hardware` (OCS Desk's own init
// has none): deleting an archived computer's hardware row fails there. Same result on both.
describe.each([
  ['the schema the real OCS ships', createRealSchemaDb],
  ["OCS Desk's own schema", createOcsDb],
] as const)('a duplicate merge on %s', (_name, createDb) => {
  let db = '';
  let k: Knex;

  beforeAll(async () => {
    db = await createDb();
    k = await createPool(rootParams(db), { max: 2 });
    await k('config').where('NAME', 'TRACE_DELETED').delete();
    await k('config').insert({ NAME: 'TRACE_DELETED', IVALUE: 1 });
  });
  afterAll(async () => {
    app.jobs.cancelAll();
    await k?.destroy();
    if (db) await dropDb(db);
  });

  it('merges a group whose older computer is archived, as a TAG-restricted Administrator: its admin data move to the survivor and it goes with its archive row, as ocsreports merges (was: the archive foreign key failed the job)', async () => {
    const old = await addComputer(k, {
      ...OLD_PC,
      deviceId: 'ARCH-A',
      name: 'ARCH-PC',
      ssn: 'ARCHSER',
      macs: ['AA:BB:CC:00:00:0A'],
      tag: 'ARCH-OLD',
    });
    const cur = await addComputer(k, {
      ...NEW_PC,
      deviceId: 'ARCH-B',
      name: 'ARCH-PC',
      ssn: 'ARCHSER',
      macs: ['AA:BB:CC:00:00:0A'],
      tag: 'ARCH-NEW',
    });
    await k('archive').insert({ HARDWARE_ID: old });
    await k('hardware').where('ID', old).update({ ARCHIVE: 1 });
    await k('software').insert([
      { HARDWARE_ID: old, NAME_ID: 1, PUBLISHER_ID: 1, VERSION_ID: 1 },
      { HARDWARE_ID: old, NAME_ID: 2, PUBLISHER_ID: 1, VERSION_ID: 1 },
    ]);
    const restricted = await connect(
      session(operatorOf('admin', 'arch-admin', ['ARCH-OLD', 'ARCH-NEW'])),
      db,
    );
    try {
      const job = await merge(restricted, [[old, cur]]);
      expect(job.error).toBeUndefined();
      expect(job.state).toBe('succeeded');
      expect(job.result as MergeResult).toEqual({
        merged: 1,
        removed: 1,
        survivors: [cur],
        skipped: [],
        traced: true,
      });
    } finally {
      await restricted.dispose();
    }
    expect(await k('hardware').where('ID', old)).toEqual([]);
    for (const t of ['archive', 'software', 'bios', 'networks', 'drives', 'devices', 'accountinfo'])
      expect(await k(t).where('HARDWARE_ID', old), t).toEqual([]);
    expect(await k('accountinfo').where('HARDWARE_ID', cur).select('TAG')).toEqual([{ TAG: 'ARCH-OLD' }]);
    expect(await k('deleted_equiv').where('DELETED', String(old)).select('EQUIVALENT')).toEqual([
      { EQUIVALENT: String(cur) },
    ]);
    expect(await k('locks').select()).toEqual([]);
    const reader = await connect(session(ADMIN), db);
    try {
      for (const c of ['hostname_serial', 'hostname'] as const)
        expect(
          (await groupsOf(reader, c)).some((g) => g.values[0] === 'ARCH-PC'),
          c,
        ).toBe(false);
    } finally {
      await reader.dispose();
    }
  });
});
