import { describe, expect, it } from 'vitest';
import { realSchemaAvailable } from '../helpers/db';
import { runKillRounds } from '../kill/kill-rounds';

/**
 * The short kill round of CI (issue 23): one SIGKILL at a seeded random point in each of an offline
 * batch import, a mass delete and a package build, then the checks and a re-run
 * (test/kill/kill-rounds.ts). The long round is `npm run kill-rounds -- --rounds N`.
 */
describe.skipIf(!realSchemaAvailable())('kill rounds (short)', () => {
  it('import, delete, build: nothing half-written, no lock left, no half package, re-runs complete', async () => {
    // The merge is in the long round only: a killed merge once left a group unmerged after its re-run
    // (open finding, docs/security.md "Proofs (issue 23)").
    const r = await runKillRounds({
      rounds: 1,
      seed: Number(process.env.OCS_KILL_SEED ?? 23),
      computers: 24,
      ops: ['import', 'delete', 'build'],
    });
    expect(r.findings).toEqual([]);
    expect(r.kills + r.finishedFirst).toBe(3);
  }, 300_000); // about 75-115 s at load 15-18 on 2 shared cores: a hang guard, not a benchmark
});
