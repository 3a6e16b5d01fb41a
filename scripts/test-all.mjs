// `npm test`: lint, typecheck, build, unit, integration, e2e; prints one closing line "N passed, M failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

mkdirSync('test-results/screens', { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function step(name, cmd, args, counts) {
  process.stdout.write(`\n=== ${name}: ${[cmd, ...args].join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  if (counts) {
    const c = counts();
    passed += c.passed;
    failed += c.failed;
    skipped += c.skipped;
    if (r.status !== 0 && c.failed === 0) {
      failed += 1;
      failures.push(`${name} (exit ${r.status})`);
    } else if (c.failed > 0) failures.push(`${name} (${c.failed} failed)`);
  } else if (r.status === 0) passed += 1;
  else {
    failed += 1;
    failures.push(name);
  }
}

function vitestCounts(file) {
  return () => {
    if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
    const j = JSON.parse(readFileSync(file, 'utf8'));
    return {
      passed: j.numPassedTests ?? 0,
      failed: j.numFailedTests ?? 0,
      skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
    };
  };
}

function playwrightCounts() {
  const file = 'test-results/e2e.json';
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const s = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
}

const npx = 'npx';
step('lint', npx, ['eslint', '.', '--max-warnings', '0']);
step('format', npx, ['prettier', '--check', '.']);
step('typecheck (main)', npx, ['tsc', '-p', 'tsconfig.node.json', '--noEmit']);
step('typecheck (renderer)', npx, ['tsc', '-p', 'tsconfig.web.json', '--noEmit']);
step('build', 'npm', ['run', '--silent', 'build']);
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
// A short mutation-fuzz round of the .ocs and nmap XML readers (`npm run fuzz -- --seconds N` for a long one).
step('fuzz (short)', 'npm', ['run', '--silent', 'fuzz', '--', '--seconds', '5']);
step('e2e', npx, ['playwright', 'test'], playwrightCounts);

if (failures.length) process.stdout.write(`\nfailed steps: ${failures.join(', ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed ? 1 : 0);
