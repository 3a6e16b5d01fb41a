import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Fragmentation } from '../../../shared/contract/packages';
import { runs } from '../../../test/helpers/property';
import { fragmentLength, fragmentName, planFragments } from './fragments';
import { splitArchive } from './split';

/** Fragment split and reassembly: for any size and any fragmentation, the bytes and the digest survive. */

const work = mkdtempSync(path.join(os.tmpdir(), 'fragments-prop-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let seq = 0;

const fragmentation: fc.Arbitrary<Fragmentation> = fc.oneof(
  fc.record({ mode: fc.constant('size' as const), bytes: fc.integer({ min: 1024, max: 1 << 30 }) }),
  fc.record({ mode: fc.constant('count' as const), count: fc.integer({ min: 1, max: 100_000 }) }),
);

describe('fragment plan properties', { timeout: 60_000 }, () => {
  it('the fragments cover the archive exactly, none empty, as evenly as ocsreports cuts them', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fragmentation, (size, frag) => {
        const plan = planFragments(size, frag);
        expect(plan.size).toBe(size);
        if (size === 0) {
          expect(plan.count).toBe(0);
          return;
        }
        expect(plan.count).toBeGreaterThanOrEqual(1);
        expect(plan.count).toBeLessThanOrEqual(size);
        if (frag.mode === 'count') expect(plan.count).toBe(Math.min(frag.count, size));
        else expect(plan.fragmentSize).toBeLessThanOrEqual(frag.bytes);
        expect(plan.fragmentSize).toBeGreaterThanOrEqual(1);
        // Sum of the lengths is the size (checked without summing count terms).
        expect(plan.fragmentSize * (plan.count - 1) + plan.lastSize).toBe(size);
        expect(plan.lastSize).toBeGreaterThanOrEqual(plan.fragmentSize);
        expect(plan.lastSize - plan.fragmentSize).toBeLessThan(plan.count);
        expect(fragmentLength(plan, plan.count)).toBe(plan.lastSize);
        expect(fragmentLength(plan, 1)).toBe(plan.count === 1 ? plan.lastSize : plan.fragmentSize);
      }),
      runs(500),
    );
  });

  it('split then reassemble: same bytes, same MD5, one file per fragment named FILEID-n', async () => {
    const sizes = fc.oneof(fc.integer({ min: 1, max: 2048 }), fc.integer({ min: 2049, max: 300_000 }));
    await fc.assert(
      fc.asyncProperty(
        sizes,
        fc.oneof(
          fc.record({ mode: fc.constant('size' as const), bytes: fc.integer({ min: 1024, max: 400_000 }) }),
          fc.record({ mode: fc.constant('count' as const), count: fc.integer({ min: 1, max: 64 }) }),
        ),
        fc.integer({ min: 512, max: 128 * 1024 }),
        fc.integer(),
        async (size, frag, chunkSize, fill) => {
          const dir = path.join(work, `p${seq++}`);
          mkdirSync(dir);
          const data = Buffer.alloc(size);
          // Cheap deterministic content that differs from byte to byte and run to run.
          for (let i = 0; i < size; i++) data[i] = (i * 131 + fill) & 0xff;
          const file = path.join(dir, 'archive');
          writeFileSync(file, data);
          const out = path.join(dir, 'out');
          mkdirSync(out);
          const plan = planFragments(size, frag);
          const digest = await splitArchive(file, out, '1700000000', plan, { chunkSize, fsync: false });
          expect(digest).toBe(createHash('md5').update(data).digest('hex'));
          const names = Array.from({ length: plan.count }, (_, i) => fragmentName('1700000000', i + 1));
          expect(readdirSync(out).sort()).toEqual([...names].sort());
          const parts = names.map((n) => readFileSync(path.join(out, n)));
          parts.forEach((p, i) => expect(p.length).toBe(fragmentLength(plan, i + 1)));
          expect(Buffer.concat(parts).equals(data)).toBe(true);
          rmSync(dir, { recursive: true, force: true });
        },
      ),
      runs(60),
    );
  });
});
