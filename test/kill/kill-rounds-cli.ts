// npm run kill-rounds -- [--rounds N] [--seed S] [--computers C] [--ops import,server-import,delete,merge,build,backup,restore]
// The long round: every operation by default (server-import holds the OCS stack's lock for its rounds).
import { runKillRounds, type Op } from './kill-rounds';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

const started = Date.now();
runKillRounds({
  rounds: Number(arg('rounds', '10')),
  seed: Number(arg('seed', '23')),
  computers: Number(arg('computers', '60')),
  ops: arg('ops', 'import,server-import,delete,merge,build,backup,restore').split(',') as Op[],
  log: (l) => process.stderr.write(`${l}\n`),
}).then(
  (r) => {
    process.stdout.write(
      `${JSON.stringify({ ...r, seconds: Math.round((Date.now() - started) / 1000) }, null, 2)}\n`,
    );
    process.exit(r.findings.length ? 1 : 0);
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(2);
  },
);
