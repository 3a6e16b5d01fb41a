import { writeFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';

/**
 * Where a cold first screen spends the renderer's main thread: one Chromium trace of the navigation
 * to the first grid rows, summed by top-level event (script compile and evaluation, style, layout,
 * paint, idle). Tells what to shrink when "first rows, cold" is over its goal, on any machine load:
 * the shares hold even when every duration is stretched.
 */
interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; frame?: string } };
}

/** The main thread of the renderer that loaded `origin` (Chromium runs others: its own WebUI, spares). */
function pageMainThread(
  events: TraceEvent[],
  origin: string,
): { pid: number; tid: number; from: number } | null {
  const first = events
    .filter((e) => e.ts > 0 && (e.args?.data?.url ?? '').startsWith(origin))
    .sort((a, b) => a.ts - b.ts);
  for (const e of first) {
    const main = events.find(
      (t) => t.name === 'thread_name' && t.pid === e.pid && t.args?.name === 'CrRendererMain',
    );
    if (main) return { pid: main.pid, tid: main.tid, from: first[0]!.ts };
  }
  return null;
}

/** Time per event name on one thread within [from, to] (µs): nested slices count under every level. */
export function threadBreakdown(
  events: TraceEvent[],
  thread: { pid: number; tid: number },
  from: number,
  to: number,
): { busy: number; byName: Array<[string, number]> } {
  const slices = events
    .filter(
      (e) =>
        e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X' && e.dur && e.ts >= from && e.ts <= to,
    )
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const byName = new Map<string, number>();
  let end = 0;
  let busy = 0;
  for (const e of slices) {
    byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur!);
    if (e.ts >= end) {
      busy += e.dur!;
      end = e.ts + e.dur!;
    }
  }
  return { busy, byName: [...byName].sort((a, b) => b[1] - a[1]) };
}

/** Busy time of every other renderer main thread in the window: Chromium's own pages competing for the CPU. */
function otherRenderers(
  events: TraceEvent[],
  pid: number,
  from: number,
  to: number,
): Array<[string, number]> {
  return events
    .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid !== pid)
    .map((t) => {
      const label =
        events.find((p) => p.name === 'process_name' && p.pid === t.pid)?.args?.name ?? `pid ${t.pid}`;
      return [label, threadBreakdown(events, t, from, to).busy] as [string, number];
    })
    .filter(([, busy]) => busy > 0);
}

/** Compile and evaluation time per script URL (nested V8 events), top ones. */
export function scriptCosts(events: TraceEvent[]): Array<[string, number]> {
  const by = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    if (!/^(v8\.compile|v8\.compileModule|EvaluateScript|v8\.evaluateModule)$/.test(e.name)) continue;
    const url = (e.args?.data?.url ?? '').replace(/^.*\/assets\//, '');
    if (!url) continue;
    by.set(url, (by.get(url) ?? 0) + e.dur);
  }
  return [...by].sort((a, b) => b[1] - a[1]);
}

export async function traceColdLoad(
  browser: Browser,
  page: Page,
  url: string,
  waitRows: () => Promise<number>,
  out: string | undefined,
  log: (s: string) => void,
): Promise<void> {
  // OCS_BENCH_TRACE_CPU=1: V8's sampling profiler too (ProfileChunk events), to map to the sources.
  const cpu = process.env.OCS_BENCH_TRACE_CPU === '1' ? ['disabled-by-default-v8.cpu_profiler'] : [];
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'v8',
      'disabled-by-default-devtools.timeline',
      'blink',
      'loading',
      ...cpu,
    ],
  });
  await page.goto(url);
  const rowsAt = await waitRows();
  const buf = await browser.stopTracing();
  if (out) writeFileSync(out, buf);
  const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
  const main = pageMainThread(events, new URL(url).origin);
  if (!main) {
    log('  no renderer of the page found in the trace');
    return;
  }
  const to = main.from + rowsAt * 1000;
  const { busy, byName } = threadBreakdown(events, main, main.from, to);
  log(
    `  page's main thread, first request to first rows (~${rowsAt.toFixed(0)} ms): busy ${ms(busy).trim()}; by event (nested events count in their parents too):`,
  );
  for (const [name, d] of byName.slice(0, 14)) log(`    ${ms(d)}  ${name}`);
  const others = otherRenderers(events, main.pid, main.from, to);
  log(
    `  other renderers busy meanwhile: ${others.length ? others.map(([n, d]) => `${n} ${ms(d).trim()}`).join(', ') : 'none'}`,
  );
  log('  compile + evaluate by script (top 8):');
  for (const [url, d] of scriptCosts(events).slice(0, 8)) log(`    ${ms(d)}  ${url}`);
  if (out) log(`  trace written to ${out} (open in chrome://tracing or Perfetto)`);
}

/**
 * Where the renderer's main thread spends a scroll: one Chromium trace around `run` (the frame probe),
 * summed by event over the page's main thread (the busiest renderer main thread in the window), then
 * the same for its tasks over 50 ms alone, the ones that drop frames: script (React rendering the rows
 * coming into view), style, layout, paint.
 */
export async function traceScroll(
  browser: Browser,
  page: Page,
  run: () => Promise<unknown>,
  out: string | undefined,
  log: (s: string) => void,
): Promise<void> {
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'v8', 'disabled-by-default-devtools.timeline', 'blink'],
  });
  await run();
  const buf = await browser.stopTracing();
  if (out) writeFileSync(out, buf);
  const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
  const timed = events.filter((e) => e.ts > 0);
  const from = Math.min(...timed.map((e) => e.ts));
  const to = Math.max(...timed.map((e) => e.ts + (e.dur ?? 0)));
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const main = mains
    .map((t) => ({ t, busy: threadBreakdown(events, t, from, to).busy }))
    .sort((a, b) => b.busy - a.busy)[0]?.t;
  if (!main) {
    log('  no renderer main thread in the trace');
    return;
  }
  const all = threadBreakdown(events, main, from, to);
  log(`  page's main thread over ${ms(to - from).trim()}: busy ${ms(all.busy).trim()}; by event:`);
  for (const [name, d] of all.byName.slice(0, 12)) log(`    ${ms(d)}  ${name}`);
  const long = events.filter(
    (e) => e.pid === main.pid && e.tid === main.tid && e.name === 'RunTask' && (e.dur ?? 0) > 50_000,
  );
  const byName = new Map<string, number>();
  for (const task of long) {
    for (const [name, d] of threadBreakdown(events, main, task.ts, task.ts + task.dur!).byName)
      byName.set(name, (byName.get(name) ?? 0) + d);
  }
  const total = long.reduce((s, e) => s + e.dur!, 0);
  log(`  ${long.length} tasks over 50 ms (${ms(total).trim()} in all); inside them by event:`);
  for (const [name, d] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 12)) log(`    ${ms(d)}  ${name}`);
  if (out) log(`  trace written to ${out} (open in chrome://tracing or Perfetto)`);
}
