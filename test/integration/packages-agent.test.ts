import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../shared/contract/jobs';
import type { ActivateResult, BuildResult } from '../../shared/contract/packages';
import { AppError } from '../../src-main/platform/errors';
import type { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, testApp } from '../helpers/app';
import { appParams, dropDb, grantApp, uniqueDbName } from '../helpers/db';
import { STACK_ENV, stack, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';

const { app, call, callByName, session } = testApp();

async function job<T>(s: Session, route: string, input: unknown): Promise<T> {
  const { jobId } = (await callByName(s, route, input)) as { jobId: string };
  const info: JobInfo = await app.jobs.wait(jobId);
  if (info.state !== 'succeeded') throw new AppError(info.error!.code, info.error!.params);
  return info.result as T;
}

const reason = stackUnavailableReason();

/**
 * The definition of "deployment works": OCS Desk builds, activates and assigns a package in the
 * real comm server's database; the real Unix agent downloads it over the stack's HTTPS/HTTP
 * download locations, runs it (a marker file appears) and reports SUCCESS, which OCS Desk's
 * statistics route shows.
 */
describe.skipIf(reason !== null)(
  `package deployment with the real agent${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    it(
      'build → activate → assign → agent-run → marker file and SUCCESS in the stats',
      { timeout: 600_000 },
      async () => {
        await withStackLock(async () => {
          const previousDb = /OCS_DB_NAME=(\S+)/.exec(await stack('env'))?.[1] ?? 'ocsweb';
          const db = uniqueDbName('ocsdesk_pkg');
          const work = mkdtempSync(path.join(tmpdir(), 'ocsdesk-agent-'));
          const marker = path.join(tmpdir(), `ocsdesk-deployed-${randomBytes(4).toString('hex')}`);
          const admin = session();
          let built: BuildResult | null = null;
          try {
            await stack('reset-db', db);
            await grantApp(db);
            await stack('use-db', db);
            const deviceId = (await stack('agent-send')).trim().split('\n').pop()!;
            await call(admin, 'connection.open', appParams(db));
            admin.operator = ADMIN;
            const k = admin.db!.knex;
            const hw = (await k('hardware').where('DEVICEID', deviceId).first('ID')) as { ID: number };
            expect(hw).toBeTruthy();

            // a folder OCS Desk packs as tar.gz; the command writes the marker
            const folder = path.join(work, 'payload');
            mkdirSync(folder);
            writeFileSync(
              path.join(folder, 'run.sh'),
              `#!/bin/sh\necho "deployed by OCS Desk" > ${marker}\n`,
            );
            writeFileSync(path.join(folder, 'README.txt'), 'x'.repeat(20_000));
            built = await job<BuildResult>(admin, 'packages.build', {
              name: 'OCS Desk e2e',
              os: 'LINUX',
              priority: 1,
              action: 'EXECUTE',
              actionParam: 'sh run.sh',
              source: { kind: 'folder', path: folder },
              fragments: { mode: 'count', count: 2 },
              downloadDir: STACK_ENV.downloadDir,
            });
            expect(built.format).toBe('tar.gz');

            const act = await job<ActivateResult>(admin, 'packages.activate', {
              fileId: built.fileId,
              infoLoc: STACK_ENV.downloadUrlHttps,
              packLoc: STACK_ENV.downloadUrlHttp,
              caFile: STACK_ENV.caFile,
            });
            expect(act.checked).toMatchObject({ info: true, fragments: 2, digest: built.digest });
            expect(
              await call(admin, 'packages.assign', { enableId: act.enableId, hardwareIds: [hw.ID] }),
            ).toMatchObject({ assigned: 1 });
            const waiting = await call(admin, 'packages.stats', { fileId: built.fileId });
            expect(waiting.byCategory.waiting).toBe(1);

            const agentLog = (await stack('agent-run')).trim().split('\n').pop()!;
            expect(
              existsSync(marker),
              `marker missing; agent log ${agentLog}:\n${existsSync(agentLog) ? readFileSync(agentLog, 'utf8').slice(-3000) : ''}`,
            ).toBe(true);
            expect(readFileSync(marker, 'utf8')).toContain('deployed by OCS Desk');

            const st = await call(admin, 'packages.stats', { fileId: built.fileId });
            expect(st.statuses).toEqual([{ status: 'SUCCESS', category: 'success', count: 1 }]);
            const mine = await call(admin, 'packages.forComputer', { hardwareId: hw.ID });
            expect(mine).toEqual([expect.objectContaining({ fileId: built.fileId, status: 'SUCCESS' })]);
            expect(
              await call(admin, 'packages.validate', { fileId: built.fileId, action: 'success' }),
            ).toEqual({ removed: 1 });
          } finally {
            if (built && admin.db) {
              await call(admin, 'packages.delete', {
                fileId: built.fileId,
                confirm: true,
                purge: true,
                downloadDir: STACK_ENV.downloadDir,
              }).catch(() => undefined);
            }
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
