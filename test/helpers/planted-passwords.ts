import { createHmac } from 'node:crypto';

/**
 * The passwords the suites type or create, planted as unguessable values per run: `npm test`
 * (scripts/test-all.mjs) sets `OCS_TEST_SECRET_SEED` to a fresh random value, every test process derives
 * the same passwords from it, and the closing secret sweep (test/secrets/sweep.ts) searches everything
 * the run wrote for each of them. Run alone (no seed), a test gets fixed values derived from a dev seed.
 *
 * Every label is listed here, so the sweep knows every password a test may use.
 */
export const PLANTED_LABELS = [
  /** The application account's password (test/helpers/db.ts APP_ACCOUNT) in a seeded run. */
  'appAccount',
  /** Operators the e2e specs create or type. */
  'e2eAdmin',
  'e2eViewer',
  'e2eLyon',
  'e2eParis',
  'e2eSnmpViewer',
  'e2ePaletteViewer',
  /** DB accounts the e2e specs create. */
  'e2eReadOnlyAccount',
  'e2eWizardReadOnlyAccount',
  /** DB accounts and operators the integration tests create. */
  'itFaultApp',
  'itDbFailures',
  'itDbFailuresEd',
  'itReadOnlyCli',
  'itReadOnly7039',
  'itOperatorAlice',
  'itOperatorAliceNew',
  'itOperatorHelper',
] as const;

export type PlantedLabel = (typeof PLANTED_LABELS)[number];

const SEED = process.env.OCS_TEST_SECRET_SEED || 'ocs-desk-dev-seed';

/** Whether this process runs under `npm test`'s per-run seed (then the sweep checks these passwords). */
export const SEEDED = !!process.env.OCS_TEST_SECRET_SEED;

/**
 * The password `label` stands for in this run: `Plant-<label>-<14 hex>-Q7`, so a leak names its test; capitals,
 * small letters and digits satisfy OCS's password rules when a test turns them on.
 */
export function plantedPassword(label: PlantedLabel): string {
  return derivePassword(SEED, label);
}

/** The password `label` stands for under `seed` (what plantedPassword gives in a run seeded so). */
export function derivePassword(seed: string, label: PlantedLabel): string {
  const tag = createHmac('sha256', seed).update(label).digest('hex').slice(0, 14);
  return `Plant-${label}-${tag}-Q7`;
}

/** Every planted password of this run, by label. */
export function plantedPasswords(): Record<PlantedLabel, string> {
  return Object.fromEntries(PLANTED_LABELS.map((l) => [l, plantedPassword(l)])) as Record<
    PlantedLabel,
    string
  >;
}
