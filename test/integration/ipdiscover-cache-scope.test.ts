import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../shared/contract/ipdiscover';
import { createPool } from '../../src-main/platform/db/connect';
import type { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, operatorOf, testApp } from '../helpers/app';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { addComputer } from '../helpers/duplicates-seed';

// The analysis cache goes to a throw-away config folder (read by composeApp through this variable).
process.env.OCS_DESK_CONFIG_DIR = mkdtempSync(path.join(os.tmpdir(), 'ocsdesk-ipd-scope-'));
const { app, call, session, connect } = testApp();

/**
 * Issue 17: a host analysis is cached on disk per database with the inventory match of whoever ran it
 * (an Administrator sees every computer). Read back from the cache by an operator restricted to TAG
 * DATACENTER, it names only the computers of that perimeter; run by a restricted operator, it matches
 * only them in the first place. Two computers answer on 127.0.0.1: one inside, one outside.
 */
describe('cached IP discovery analysis and the TAG perimeter', () => {
  let db = '';
  let k: Knex;
  let inside = 0;
  let outside = 0;
  const open: Session[] = [];
  const as = async (op: Parameters<typeof session>[0]) => {
    const s = await connect(session(op), db);
    open.push(s);
    return s;
  };
  const analyse = async (s: Session): Promise<AnalysisResult> => {
    const { jobId } = await call(s, 'ipdiscover.analyse', {
      targets: '127.0.0.1',
      privileges: 'unprivileged',
      netbios: false,
      hostTimeoutSec: 120,
    });
    const info = await app.jobs.wait(jobId);
    expect(info.error).toBeUndefined();
    return info.result as AnalysisResult;
  };
  const namesIn = (r: AnalysisResult | null) =>
    (r?.hosts ?? []).flatMap((h) => h.known?.computers.map((c) => c.name) ?? []).sort();

  beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    for (const [name, tag] of [
      ['LOOP-INSIDE', 'DATACENTER'],
      ['LOOP-OUTSIDE', 'BRANCH'],
    ] as const) {
      const id = await addComputer(k, {
        deviceId: `${name}-2026-01-01-00-00-00`,
        name,
        ssn: `SSN-${name}`,
        macs: [],
        lastCome: '2026-11-01 10:00:00',
        tag,
      });
      await k('networks').insert({
        HARDWARE_ID: id,
        DESCRIPTION: 'lo',
        IPADDRESS: '127.0.0.1',
        STATUS: 'Up',
      });
      if (tag === 'DATACENTER') inside = id;
      else outside = id;
    }
  });
  afterAll(async () => {
    for (const s of open) await s.dispose();
    await k?.destroy();
    if (db) await dropDb(db);
  });

  it("an Administrator's cached analysis is redacted to the perimeter for a restricted operator", async () => {
    const admin = await as(ADMIN);
    const r = await analyse(admin);
    expect(namesIn(r)).toEqual(['LOOP-INSIDE', 'LOOP-OUTSIDE']);
    // Cached as the Administrator saw it: the Administrator reads both back.
    expect(namesIn(await call(admin, 'ipdiscover.cachedAnalysis', { scope: r.scope }))).toEqual([
      'LOOP-INSIDE',
      'LOOP-OUTSIDE',
    ]);

    for (const tags of [['DATACENTER'], ['DATA*']]) {
      const restricted = await as(operatorOf('ladmin', `test-ladmin-${tags[0]}`, tags));
      const cached = await call(restricted, 'ipdiscover.cachedAnalysis', { scope: r.scope });
      expect(cached?.finishedAt).toBe(r.finishedAt);
      expect(namesIn(cached)).toEqual(['LOOP-INSIDE']);
      const ids = cached!.hosts.flatMap((h) => h.known?.computers.map((c) => c.hardwareId) ?? []);
      expect(ids).toEqual([inside]);
      expect(JSON.stringify(cached)).not.toMatch(/LOOP-OUTSIDE|SSN-LOOP|BRANCH/);
      expect(JSON.stringify(cached)).not.toContain(`"hardwareId":${outside}`);
      // The list of cached analyses gives keys and host counts, no computer.
      const scopes = await call(restricted, 'ipdiscover.cachedScopes');
      expect(JSON.stringify(scopes)).not.toMatch(/LOOP-|BRANCH/);
    }
  });

  it('an analysis run by a restricted operator matches only its perimeter', async () => {
    const boss = await as(operatorOf('sadmin', 'test-restricted-sadmin', ['DATACENTER']));
    const r = await analyse(boss);
    expect(namesIn(r)).toEqual(['LOOP-INSIDE']);
    expect(namesIn(await call(boss, 'ipdiscover.cachedAnalysis', { scope: r.scope }))).toEqual([
      'LOOP-INSIDE',
    ]);
  });
});
