/**
 * A live OCS Desk writer in another process: takes the `locks` row of one computer through the
 * comm-procedures module, prints `held`, then waits until it is killed.
 * Usage (built with buildCli): node hold-lock.cjs <database> <hardwareId>
 */
import { createPool } from '../../src-main/platform/db/connect';
import { openWriter, takeLock } from '../../src-main/platform/ocs/comm-procedures';
import { appParams } from './db';

async function main(): Promise<void> {
  const [db, id] = process.argv.slice(2);
  const k = await createPool(appParams(db!), { max: 1 });
  const w = await openWriter(k);
  if (!(await takeLock(k, Number(id), w))) throw new Error('lock not taken');
  process.stdout.write('held\n');
  setInterval(() => undefined, 60_000);
}

main().catch((e: unknown) => {
  process.stderr.write(String(e) + '\n');
  process.exit(1);
});
