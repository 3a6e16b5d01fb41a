// Toy readers for the fuzzer's own tests, served in a worker like the real ones (bundled by the test).
// `magic` fails only on `OCSM`, then `DESK`, then `FUZZ`: three nested comparisons, each a block that a
// guided fuzzer reaches in turn and keeps; unguided, all three must appear in one mutation.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { bundleModuleRanges } from './coverage';
import { serveTarget } from './worker';

const at = (b: Buffer, i: number) => b.subarray(i, i + 4).toString('latin1');

function magic(b: Buffer): number {
  if (at(b, 0) === 'OCSM') {
    if (at(b, 4) === 'DESK') {
      if (at(b, 8) === 'FUZZ') throw new Error('toy reader: magic reached');
      return 2;
    }
    return 1;
  }
  return 0;
}

/** Never returns when the input starts with `HANG` (a reader stuck in a loop). */
function hang(b: Buffer): void {
  if (at(b, 0) === 'HANG') for (;;);
}

const self = pathToFileURL(__filename).href;
const own = bundleModuleRanges(readFileSync(__filename, 'utf8'), (p) => p.endsWith('toy-worker.ts'));
serveTarget((data) => ({
  run: (data as { toy: string }).toy === 'hang' ? hang : magic,
  filter: (url) => (url === self ? own : null),
}));
