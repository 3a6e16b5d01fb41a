// Electron hardening check: @doyensec/electronegativity over the Electron sources and the built main
// bundle. It does not read `.cjs`, so the bundle is staged as `.js`; a file it cannot parse fails the run
// (an unparsed file is an unchecked one). Every HIGH or MEDIUM finding fails unless it is justified in
// scripts/electronegativity-justified.json (and docs/security.md says why). No network: the check that
// downloads Electron's release list is excluded and the Electron version is given.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const electronVersion = String(pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron).replace(
  /^\D*/,
  '',
);
const justified = JSON.parse(
  readFileSync(path.join(root, 'scripts/electronegativity-justified.json'), 'utf8'),
);

if (!existsSync(path.join(root, 'dist/main/electron-main.cjs'))) {
  const b = spawnSync('npm', ['run', '--silent', 'build:main'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}

const stage = mkdtempSync(path.join(os.tmpdir(), 'ocs-desk-eneg-'));
const targets = [
  { name: 'sources', dir: path.join(stage, 'src'), plugins: ['typescript'] },
  { name: 'bundle', dir: path.join(stage, 'dist'), plugins: [] },
];
mkdirSync(targets[0].dir);
mkdirSync(targets[1].dir);
for (const f of readdirSync(path.join(root, 'src-main/electron')))
  if (f.endsWith('.ts') && !f.endsWith('.test.ts'))
    copyFileSync(path.join(root, 'src-main/electron', f), path.join(targets[0].dir, f));
for (const f of readdirSync(path.join(root, 'dist/main')))
  if (f.endsWith('.cjs'))
    copyFileSync(path.join(root, 'dist/main', f), path.join(targets[1].dir, f.replace(/\.cjs$/, '.js')));

/** Minimal CSV reader for electronegativity's output (quoted fields, doubled quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field.trim());
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

const bin = path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');
const problems = [];
let findings = 0;
for (const t of targets) {
  const out = path.join(stage, `${t.name}.csv`);
  const args = [
    '-r',
    path.join(root, 'scripts/electronegativity-commander.cjs'),
    bin,
    '-i',
    t.dir,
    '-r',
    '-v',
    'false',
    '-e',
    electronVersion,
    '-x',
    'AvailableSecurityFixesGlobalCheck',
    '-o',
    out,
  ];
  if (t.plugins.length) args.push('-p', t.plugins.join(','));
  const r = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const said = `${r.stdout}\n${r.stderr}`;
  for (const line of said.split('\n'))
    if (/^Error parsing/.test(line)) problems.push(`${t.name}: ${line.replace(stage, '')}`);
  if (r.status !== 0 || !existsSync(out)) {
    problems.push(`${t.name}: electronegativity exited ${r.status}\n${said.slice(-2000)}`);
    continue;
  }
  const [, ...rows] = parseCsv(readFileSync(out, 'utf8')).filter((row) => row.length > 3);
  for (const [check, severity, confidence, file, location] of rows) {
    findings += 1;
    const why = justified.find((j) => j.check === check && file.endsWith(j.file));
    const line = `${t.name}: ${check} ${severity}/${confidence} ${file}:${location}`;
    if (severity === 'HIGH' || severity === 'MEDIUM') {
      if (why) console.log(`justified  ${line} — ${why.why}`);
      else problems.push(`not justified: ${line}`);
    } else console.log(`low        ${line}`);
  }
}
rmSync(stage, { recursive: true, force: true });
console.log(
  `electronegativity ${electronVersion}: ${findings} finding(s) over the Electron sources and the built bundle`,
);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
