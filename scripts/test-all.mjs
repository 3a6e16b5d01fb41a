// `npm test`: lint, typecheck, build, unit, integration, e2e, then the secret sweep; prints one closing
// line "N passed, M failed".
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

mkdirSync('test-results/screens', { recursive: true });
// Results of an earlier run must not count for this one if a step dies before writing its own.
for (const f of ['unit.json', 'integration.json', 'e2e.json', 'secret-sweep.json'])
  rmSync(path.join('test-results', f), { force: true });

/**
 * Every file this run writes goes under one folder of its own (TMPDIR, the app's settings folder) or
 * test-results/, and every password the suites type or create is planted fresh for the run
 * (test/helpers/planted-passwords.ts derives them from OCS_TEST_SECRET_SEED; the application account
 * is this run's own): the closing secret sweep then searches both folders for each of them.
 * The folder is traversable by other accounts like /tmp (a private mariadbd runs as mysql).
 */
const runDir = mkdtempSync(path.join(os.tmpdir(), 'ocs-desk-test-run-'));
chmodSync(runDir, 0o711);
const runTmp = path.join(runDir, 'tmp');
mkdirSync(runTmp);
chmodSync(runTmp, 0o1777);
const runTag = randomBytes(4).toString('hex');
Object.assign(process.env, {
  TMPDIR: runTmp,
  OCS_DESK_CONFIG_DIR: path.join(runDir, 'config'),
  OCS_TEST_SECRET_SEED: randomBytes(24).toString('hex'),
  OCS_TEST_APP_USER: process.env.OCS_TEST_APP_USER ?? `ocsdesk_t_${runTag}`,
});
process.stdout.write(`run folder (TMPDIR, settings): ${runDir}\n`);
let passed = 0;
/** Steps that are one check each (lint, build, electronegativity, fuzz, the secret sweep...), not tests. */
let checksPassed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const flaky = [];
/** Every failed test, named with the first lines of its error: the closing lines are what a CI tail shows. */
const failedNames = [];
const firstLines = (msg) =>
  String(msg ?? '')
    // eslint-disable-next-line no-control-regex -- colour codes from a reporter
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, 3)
    .map((l) => l.slice(0, 300))
    .join(' | ');
// Every skipped test, named: in CI (CI=1, set by .ci/run) a missing prerequisite (MariaDB, the OCS stack,
// nmap, Chromium...) must fail the run with its reason, not skip; only the Electron binary may be absent.
const skippedNames = [];
const electronSkips = [];
const CI = !!process.env.CI;
const ELECTRON_SPECS = /(^|\/)(electron|start)\.spec\.ts$/;

/** Seconds each step took, printed at the end: CI must stay well under 30 minutes. */
const durations = [];
function step(name, cmd, args, counts) {
  process.stdout.write(`\n=== ${name}: ${[cmd, ...args].join(' ')}\n`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  durations.push(`${name} ${Math.round((Date.now() - t0) / 1000)} s`);
  if (counts) {
    const c = counts();
    passed += c.passed;
    failed += c.failed;
    skipped += c.skipped;
    if (r.status !== 0 && c.failed === 0) {
      failed += 1;
      failures.push(`${name} (exit ${r.status})`);
    } else if (c.failed > 0) failures.push(`${name} (${c.failed} failed)`);
  } else if (r.status === 0) {
    passed += 1;
    checksPassed += 1;
  } else {
    failed += 1;
    failures.push(name);
  }
}

function vitestCounts(file) {
  return () => {
    if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
    const j = JSON.parse(readFileSync(file, 'utf8'));
    for (const r of j.testResults ?? [])
      for (const a of r.assertionResults ?? [])
        if (['skipped', 'pending', 'todo'].includes(a.status))
          skippedNames.push(`${path.relative(process.cwd(), r.name ?? '')}: ${a.fullName ?? a.title}`);
        else if (a.status === 'failed')
          failedNames.push(
            `${path.relative(process.cwd(), r.name ?? '')}: ${a.fullName ?? a.title}\n      ${firstLines(a.failureMessages?.[0])}`,
          );
    // A file that failed outside any test (import error, hook timeout) has no failed assertion to name.
    for (const r of j.testResults ?? [])
      if (r.status === 'failed' && !(r.assertionResults ?? []).some((a) => a.status === 'failed'))
        failedNames.push(`${path.relative(process.cwd(), r.name ?? '')}: ${firstLines(r.message)}`);
    return {
      passed: j.numPassedTests ?? 0,
      failed: j.numFailedTests ?? 0,
      skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
    };
  };
}

/** Every spec of a Playwright JSON report, with its file and title path. */
function* playwrightSpecs(suite, titles = []) {
  for (const spec of suite.specs ?? [])
    yield { file: spec.file, title: [...titles, spec.title].join(' > '), spec };
  for (const child of suite.suites ?? [])
    yield* playwrightSpecs(child, suite.title ? [...titles, suite.title] : titles);
}

/**
 * A test that passed only on its retry is a failure to fix, not a pass: it is counted failed and named,
 * so a flaky test cannot turn the run green (the retry stays on only to tell flaky from broken).
 */
function playwrightCounts() {
  const file = 'test-results/e2e.json';
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const s = report.stats ?? {};
  for (const root of report.suites ?? [])
    for (const { file: f, title, spec } of playwrightSpecs(root)) {
      if ((spec.tests ?? []).some((t) => t.status === 'flaky')) flaky.push(`${f}: ${title}`);
      for (const t of spec.tests ?? [])
        if (t.status === 'unexpected') {
          const err = (t.results ?? []).map((x) => x.error?.message).find(Boolean);
          failedNames.push(`${f}: ${title}\n      ${firstLines(err)}`);
        }
      for (const t of spec.tests ?? [])
        if (t.status === 'skipped') {
          const why = (t.annotations ?? []).find((a) => a.type === 'skip')?.description;
          (ELECTRON_SPECS.test(f ?? '') ? electronSkips : skippedNames).push(
            `${f}: ${title}${why ? ` (${why})` : ''}`,
          );
        }
    }
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0), skipped: s.skipped ?? 0 };
}

/**
 * Cases generated from the contract (the role matrix walks every route as every profile, the scope matrix
 * every computer route as every restricted operator, the contract-roles test checks every route's right)
 * are counted apart from hand-written tests, so that a new route's dozen generated cases cannot hide a
 * lost hand-written one. A generated case is titled by, or nested under, a route name (`cap.verb`,
 * capability names in camelCase like `assetCategories.list` included).
 */
const ROUTE_TITLE = /^[a-z][A-Za-z]*\.[A-Za-z]+\b/;
function generatedCount(...files) {
  let n = 0;
  for (const file of files) {
    if (!existsSync(file)) continue;
    for (const r of JSON.parse(readFileSync(file, 'utf8')).testResults ?? []) {
      if (!/(roles|scope)\.test\.ts$/.test(r.name ?? '')) continue;
      for (const a of r.assertionResults ?? [])
        if (
          a.status === 'passed' &&
          [...(a.ancestorTitles ?? []), a.title ?? ''].some((t) => ROUTE_TITLE.test(t))
        )
          n += 1;
    }
  }
  return n;
}

const npx = 'npx';
step('lint', npx, ['eslint', '.', '--max-warnings', '0']);
step('format', npx, ['prettier', '--check', '.']);
step('typecheck (main)', npx, ['tsc', '-p', 'tsconfig.node.json', '--noEmit']);
step('typecheck (renderer)', npx, ['tsc', '-p', 'tsconfig.web.json', '--noEmit']);
step('build', 'npm', ['run', '--silent', 'build']);
// Electron hardening over the sources and the built bundle (HIGH/MEDIUM must be justified).
step('electronegativity', 'node', ['scripts/electronegativity.mjs']);
step(
  'unit',
  npx,
  [
    'vitest',
    'run',
    '--project',
    'unit',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/unit.json',
  ],
  vitestCounts('test-results/unit.json'),
);
step(
  'integration',
  npx,
  [
    'vitest',
    'run',
    '--project',
    'integration',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/integration.json',
  ],
  vitestCounts('test-results/integration.json'),
);
// A short coverage-guided fuzz round of the .ocs and nmap XML readers, ≈ 5 s each; it prints inputs/s, corpus and
// covered blocks over time per reader (`npm run fuzz -- --seconds N` for a long one).
step('fuzz (short)', 'npm', ['run', '--silent', 'fuzz', '--', '--seconds', '5']);
step('e2e', npx, ['playwright', 'test'], playwrightCounts);
// Last: no planted password in anything the run wrote (logs, profile stores, reports, traces...).
step('secret sweep', 'node', ['scripts/run-ts.mjs', 'test/secrets/sweep.ts', runDir, 'test-results']);
const sweep = existsSync('test-results/secret-sweep.json')
  ? JSON.parse(readFileSync('test-results/secret-sweep.json', 'utf8'))
  : null;
dropRunAccount();
// A clean run leaves nothing behind; a leak keeps the folder to look at.
if (sweep?.clean) rmSync(runDir, { recursive: true, force: true });
else process.stdout.write(`\nrun folder kept for inspection: ${runDir}\n`);

/** The run's own application account (test/helpers/db.ts creates it on first use). */
function dropRunAccount() {
  const user = process.env.OCS_TEST_APP_USER;
  if (!user?.startsWith('ocsdesk_t_')) return; // an account given by the caller is theirs to keep
  const r = spawnSync(
    'mariadb',
    [
      '-h',
      process.env.OCS_TEST_DB_HOST ?? '127.0.0.1',
      '-P',
      process.env.OCS_TEST_DB_PORT ?? '3306',
      '-u',
      process.env.OCS_TEST_DB_USER ?? 'root',
      '-e',
      `DROP USER IF EXISTS '${user}'@'localhost', '${user}'@'127.0.0.1'`,
    ],
    { encoding: 'utf8', env: { ...process.env, MYSQL_PWD: process.env.OCS_TEST_DB_PASSWORD ?? '' } },
  );
  if (r.status !== 0)
    process.stdout.write(`\ncould not drop the run's account ${user}: ${r.stderr ?? r.error}\n`);
}

if (flaky.length)
  process.stdout.write(`\nflaky (passed only on retry, counted failed):\n  ${flaky.join('\n  ')}\n`);
if (electronSkips.length)
  process.stdout.write(`\nskipped (Electron binary, allowed):\n  ${electronSkips.join('\n  ')}\n`);
if (skippedNames.length) {
  process.stdout.write(
    `\nskipped${CI ? ' (CI: counted failed, a prerequisite is missing)' : ''}:\n  ${skippedNames.join('\n  ')}\n`,
  );
  if (CI) {
    failed += skippedNames.length;
    failures.push(`${skippedNames.length} skipped in CI`);
  }
}
process.stdout.write(`\nsteps: ${durations.join(', ')}\n`);
if (failedNames.length) process.stdout.write(`\nfailed tests:\n  ${failedNames.join('\n  ')}\n`);
if (failures.length) process.stdout.write(`\nfailed steps: ${failures.join(', ')}\n`);
const generated = generatedCount('test-results/unit.json', 'test-results/integration.json');
const sweepNote = sweep
  ? `; secret sweep ${sweep.clean ? 'clean' : `${sweep.hits.length} leak(s)`} over ${sweep.files} files in ${sweep.seconds} s`
  : '; secret sweep did not run';
const breakdown = ` (${generated} generated role/scope matrix cases, ${passed - generated - checksPassed} hand-written tests, ${checksPassed} checks${sweepNote})`;
process.stdout.write(
  `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${breakdown}\n`,
);
process.exit(failed ? 1 : 0);
