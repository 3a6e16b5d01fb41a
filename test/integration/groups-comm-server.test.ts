import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../shared/contract/jobs';
import type { ActivateResult, BuildResult } from '../../shared/contract/packages';
import { AppError } from '../../src-main/platform/errors';
import type { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, testApp } from '../helpers/app';
import { appParams, dropDb, grantApp, uniqueDbName } from '../helpers/db';
import { STACK_ENV, stack, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';
import { ocsreportsGroupPages } from '../helpers/ocsreports-groups';

const { app, call, callByName, session } = testApp();

async function job<T>(s: Session, route: string, input: unknown): Promise<T> {
  const { jobId } = (await callByName(s, route, input)) as { jobId: string };
  const info: JobInfo = await app.jobs.wait(jobId);
  if (info.state !== 'succeeded') throw new AppError(info.error!.code, info.error!.params);
  return info.result as T;
}
const reason = stackUnavailableReason();

async function cache(k: Knex, gid: number): Promise<Array<[number, number]>> {
  const r = (await k('groups_cache')
    .select('HARDWARE_ID', 'STATIC')
    .where('GROUP_ID', gid)
    .orderBy('HARDWARE_ID')) as Array<{
    HARDWARE_ID: number;
    STATIC: number;
  }>;
  return r.map((x) => [Number(x.HARDWARE_ID), Number(x.STATIC)]);
}

/**
 * The definition of "a group made in OCS Desk is valid for the real server": the real comm server
 * (2.8.1, Debian) recomputes OCS Desk's dynamic group at an agent contact and gets exactly the members
 * OCS Desk's "refresh now" got; a static group and a static exclusion/inclusion survive that recompute.
 */
describe.skipIf(reason !== null)(
  `groups with the real comm server${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    it(
      'server recompute = OCS Desk refresh; static rows survive; ocsreports reads the group',
      { timeout: 600_000 },
      async () => {
        await withStackLock(async () => {
          const previousDb = /OCS_DB_NAME=(\S+)/.exec(await stack('env'))?.[1] ?? 'ocsweb';
          const db = uniqueDbName('ocsdesk_grp');
          const admin = session();
          try {
            await stack('reset-db', db);
            await grantApp(db);
            await stack('use-db', db);
            // two real computers (the agent in two UTS namespaces)
            const devA = (await stack('agent-send', '--deviceid-suffix', 'grpa')).trim().split('\n').pop()!;
            const devB = (await stack('agent-send', '--deviceid-suffix', 'grpb')).trim().split('\n').pop()!;
            await call(admin, 'connection.open', appParams(db));
            admin.operator = ADMIN;
            const k = admin.db!.knex;
            const idOf = async (dev: string) =>
              Number(((await k('hardware').where('DEVICEID', dev).first('ID')) as { ID: number }).ID);
            const a = await idOf(devA);
            const b = await idOf(devB);
            const realOs = ((await k('hardware').where('ID', a).first('OSNAME')) as { OSNAME: string })
              .OSNAME;
            // plus inventoried-looking computers: one with the agents' OS, two others
            const fake = async (name: string, os: string) =>
              Number(
                (
                  (await k('hardware').insert({
                    DEVICEID: `${name}-x`,
                    NAME: name,
                    OSNAME: os,
                    LASTDATE: k.fn.now(),
                  })) as number[]
                )[0],
              );
            const same = await fake('grp-same-os', realOs);
            const win = await fake('grp-win10', 'Microsoft Windows 10 Pro');
            const win2 = await fake('grp-win10-2', 'Microsoft Windows 10 Pro');

            const dyn = await call(admin, 'groups.create', {
              kind: 'dynamic',
              name: 'Same OS as the agent',
              description: 'server recompute',
              visible: true,
              definition: {
                filter: { criteria: [{ field: 'hardware.OSNAME', op: 'EQUAL', value: realOs }] },
              },
            });
            const stat = await call(admin, 'groups.create', {
              kind: 'static',
              name: 'Hand picked',
              description: 'static',
              members: { kind: 'ids', ids: [win, a] },
            });
            expect(dyn.members).toBe(3);
            await call(admin, 'groups.setMemberState', { id: dyn.id, ids: [b], state: 'excluded' });
            await call(admin, 'groups.setMemberState', { id: dyn.id, ids: [win2], state: 'included' });
            const desk = await call(admin, 'groups.refresh', { id: dyn.id });
            expect(desk.members).toBe(3); // a, same (dynamic), win2 (included); b excluded
            const deskRows = await cache(k, dyn.id);
            const staticRows = await cache(k, stat.id);
            expect(deskRows).toEqual(
              [
                [a, 0],
                [b, 2],
                [same, 0],
                [win2, 1],
              ].sort((x, y) => x[0]! - y[0]!),
            );

            // Make both groups stale and empty the dynamic rows: only the server's recompute can refill them.
            await k('groups_cache').where({ GROUP_ID: dyn.id, STATIC: 0 }).delete();
            await k('groups')
              .whereIn('HARDWARE_ID', [dyn.id, stat.id])
              .update({ REVALIDATE_FROM: 0, CREATE_TIME: 0 });
            await stack('agent-send', '--deviceid-suffix', 'grpa');
            const after = (await k('groups')
              .whereIn('HARDWARE_ID', [dyn.id, stat.id])
              .select('HARDWARE_ID', 'CREATE_TIME', 'REVALIDATE_FROM')) as Array<{
              CREATE_TIME: number;
              REVALIDATE_FROM: number;
            }>;
            for (const g of after)
              expect(g.CREATE_TIME, 'the comm server recomputed the group').toBeGreaterThan(0);
            expect(await cache(k, dyn.id)).toEqual(deskRows);
            expect(await cache(k, stat.id)).toEqual(staticRows);

            // ocsreports' own group-page SQL opens both; its replay = the live matches (exclusions aside)
            expect(await ocsreportsGroupPages(k, dyn.id)).toEqual([a, b, same].sort((x, y) => x - y));
            expect(await ocsreportsGroupPages(k, stat.id)).toEqual([]);

            for (const g of [dyn, stat]) await call(admin, 'groups.delete', { id: g.id, confirm: true });
            expect(await k('groups_cache').whereIn('GROUP_ID', [dyn.id, stat.id]).first()).toBeUndefined();
          } finally {
            await admin.dispose();
            await stack('use-db', previousDb).catch(() => undefined);
            await dropDb(db);
          }
        });
      },
    );

    it(
      'a package assigned to a group reaches the real agent of a computer that joins the group later; its status shows in the group statistics',
      { timeout: 600_000 },
      async () => {
        await withStackLock(async () => {
          const previousDb = /OCS_DB_NAME=(\S+)/.exec(await stack('env'))?.[1] ?? 'ocsweb';
          const db = uniqueDbName('ocsdesk_grpkg');
          const work = mkdtempSync(path.join(tmpdir(), 'ocsdesk-grp-'));
          const marker = path.join(tmpdir(), `ocsdesk-group-deployed-${randomBytes(4).toString('hex')}`);
          const admin = session();
          let built: BuildResult | null = null;
          try {
            await stack('reset-db', db);
            await grantApp(db);
            await stack('use-db', db);
            await call(admin, 'connection.open', appParams(db));
            admin.operator = ADMIN;
            const k = admin.db!.knex;
            const folder = path.join(work, 'payload');
            mkdirSync(folder);
            writeFileSync(
              path.join(folder, 'run.sh'),
              `#!/bin/sh\necho "deployed to a group by OCS Desk" > ${marker}\n`,
            );
            built = await job<BuildResult>(admin, 'packages.build', {
              name: 'OCS Desk group e2e',
              os: 'LINUX',
              priority: 1,
              action: 'EXECUTE',
              actionParam: 'sh run.sh',
              source: { kind: 'folder', path: folder },
              fragments: { mode: 'count', count: 1 },
              downloadDir: STACK_ENV.downloadDir,
            });
            const act = await job<ActivateResult>(admin, 'packages.activate', {
              fileId: built.fileId,
              infoLoc: STACK_ENV.downloadUrlHttps,
              packLoc: STACK_ENV.downloadUrlHttp,
              caFile: STACK_ENV.caFile,
            });
            // A dynamic group over Linux computers, made and given the package while the database holds no
            // computer: the agent's computer joins it later, through the comm server's own recompute.
            const g = await call(admin, 'groups.create', {
              kind: 'dynamic',
              name: 'Deploy by group',
              description: 'agent',
              definition: {
                filter: { criteria: [{ field: 'hardware.OSNAME', op: 'LIKE', value: 'Linux' }] },
              },
            });
            expect(g.members).toBe(0);
            expect(await call(admin, 'groups.assignPackage', { id: g.id, enableId: act.enableId })).toEqual({
              assigned: true,
            });

            const deviceId = (await stack('agent-send')).trim().split('\n').pop()!;
            const hw = Number(
              ((await k('hardware').where('DEVICEID', deviceId).first('ID')) as { ID: number }).ID,
            );
            // the computer has no assignment of its own: only the group's row brings the package
            expect(await k('devices').where({ HARDWARE_ID: hw, NAME: 'DOWNLOAD' }).first()).toBeUndefined();

            const agentLog = (await stack('agent-run')).trim().split('\n').pop()!;
            expect(
              existsSync(marker),
              `marker missing; agent log ${agentLog}:\n${existsSync(agentLog) ? readFileSync(agentLog, 'utf8').slice(-3000) : ''}`,
            ).toBe(true);
            const st = await call(admin, 'groups.packageStats', {
              id: g.id,
              enableId: act.enableId,
            });
            expect(st).toMatchObject({ members: 1, notYet: 0, byCategory: { success: 1 } });
            await call(admin, 'groups.delete', { id: g.id, confirm: true });
          } finally {
            if (built && admin.db)
              await call(admin, 'packages.delete', {
                fileId: built.fileId,
                confirm: true,
                purge: true,
                downloadDir: STACK_ENV.downloadDir,
              }).catch(() => undefined);
            await admin.dispose();
            await stack('use-db', previousDb).catch(() => undefined);
            await dropDb(db);
            rmSync(work, { recursive: true, force: true });
            rmSync(marker, { force: true });
          }
        });
      },
    );
  },
);
