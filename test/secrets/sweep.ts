import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APP_ACCOUNT, ROOT } from '../helpers/db';
import { plantedPasswords } from '../helpers/planted-passwords';
import { scanForSecrets } from '../helpers/secret-scan';

/**
 * The post-suite secret sweep, the last step of `npm test`: every folder given (the run's own folder,
 * where TMPDIR and the settings folders of the app pointed; test-results/) is searched for every password
 * the run planted, in plain, URL-encoded, JSON-escaped, base64 and hex forms, zip and gzip members
 * included. A hit names the file and fails the step. Its summary goes to test-results/secret-sweep.json
 * for the closing line.
 *
 * Usage: node scripts/run-ts.mjs test/secrets/sweep.ts <folder>... [--summary <file>]
 */

/** Passwords shorter than this are words of the suite's text ('ocs', 'admin'): looked for, they would hit everywhere. */
const MIN_LENGTH = 8;

function main(): number {
  const args = process.argv.slice(2);
  const at = args.indexOf('--summary');
  const summaryFile = at >= 0 ? args.splice(at, 2)[1] : 'test-results/secret-sweep.json';
  const roots = args;
  if (!roots.length) {
    process.stderr.write('usage: sweep.ts <folder>... [--summary <file>]\n');
    return 2;
  }
  const secrets: Record<string, string> = { ...plantedPasswords(), appAccountInUse: APP_ACCOUNT.password };
  if (ROOT.password) secrets.rootDb = ROOT.password;
  const skipped = Object.entries(secrets)
    .filter(([, v]) => v.length < MIN_LENGTH)
    .map(([k]) => k);
  for (const k of skipped) delete secrets[k];
  // The same password under two names (the app account's when OCS_TEST_APP_PASSWORD is not set) is looked for once.
  const unique = Object.fromEntries(
    [...new Map(Object.entries(secrets).map(([k, v]) => [v, k])).entries()].map(([v, k]) => [k, v]),
  );

  const started = performance.now();
  const { hits, stats } = scanForSecrets(roots, unique);
  const seconds = (performance.now() - started) / 1000;
  const clean = hits.length === 0 && stats.files > 0;
  const summary = {
    clean,
    roots: roots.map((r) => path.resolve(r)),
    passwords: Object.keys(unique).length,
    files: stats.files,
    bytes: stats.bytes,
    seconds: Number(seconds.toFixed(2)),
    unreadable: stats.unreadable,
    tooShortToSearch: skipped,
    hits,
  };
  if (summaryFile) {
    mkdirSync(path.dirname(summaryFile), { recursive: true });
    writeFileSync(summaryFile, JSON.stringify(summary, null, 2) + '\n');
  }
  process.stdout.write(
    `secret sweep: ${summary.passwords} planted passwords x 5 forms over ${stats.files} files ` +
      `(${(stats.bytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s\n`,
  );
  if (skipped.length)
    process.stdout.write(`  not searched (shorter than ${MIN_LENGTH} characters): ${skipped.join(', ')}\n`);
  if (stats.unreadable.length)
    process.stdout.write(
      `  unreadable for this account (not searched): ${stats.unreadable.length}, e.g. ${stats.unreadable[0]}\n`,
    );
  for (const h of hits) process.stdout.write(`  LEAK: ${h.secret} (${h.form}) in ${h.file}\n`);
  if (stats.files === 0) process.stdout.write('  nothing to search: the folders are empty or missing\n');
  return clean ? 0 : 1;
}

process.exitCode = main();
