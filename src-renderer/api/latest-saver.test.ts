import { describe, expect, it } from 'vitest';
import { createLatestSaver } from './latest-saver';

/** A send whose calls finish when the test says so, recording what was sent. */
function gatedSend() {
  const sent: number[] = [];
  const gates: Array<{ ok: () => void; fail: (e: Error) => void }> = [];
  const send = (v: number) =>
    new Promise<void>((ok, fail) => {
      sent.push(v);
      gates.push({ ok, fail });
    });
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { sent, gates, send, tick };
}

describe('createLatestSaver', () => {
  it('keeps one call in flight and sends only the newest waiting value after it', async () => {
    const g = gatedSend();
    const save = createLatestSaver(g.send);
    const done: string[] = [];
    const p1 = save(1).then(() => done.push('1'));
    const p2 = save(2).then(() => done.push('2'));
    const p3 = save(3).then(() => done.push('3'));
    await g.tick();
    expect(g.sent).toEqual([1]); // 2 and 3 wait: never two writes at once
    g.gates[0]!.ok();
    await g.tick();
    expect(g.sent).toEqual([1, 3]); // 2 was replaced by 3
    g.gates[1]!.ok();
    await Promise.all([p1, p2, p3]);
    expect(done).toEqual(['1', '2', '3']);
  });

  it('rejects the values a failed call carried, and goes on with the next', async () => {
    const g = gatedSend();
    const save = createLatestSaver(g.send);
    const p1 = save(1);
    await g.tick();
    const p2 = save(2);
    g.gates[0]!.fail(new Error('db down'));
    await expect(p1).rejects.toThrow('db down');
    await g.tick();
    expect(g.sent).toEqual([1, 2]);
    g.gates[1]!.ok();
    await expect(p2).resolves.toBeUndefined();
  });
});
