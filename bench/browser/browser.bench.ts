/**
 * Browser benchmark (issues 19, 20, 22; docs/performance.md "Browser benchmarks"): Debian's Chromium,
 * headless, driven by Playwright against the web shell built in dist/ (as the e2e tests), logged in as
 * an operator on a big fleet. Each figure is printed next to a baseline measured in the same run.
 *
 *   npm run build && npm run bench:browser                  # the shared 100k fleet ocsdesk_bench, read-only
 *   OCS_BENCH_DB=ocsdesk_ui_small OCS_BENCH_COMPUTERS=2000 npm run bench:browser   # own fleet, seeded
 *
 * The operator (OCS_BENCH_LOGIN / OCS_BENCH_PASSWORD, default bench / Bench-ui-2026!) must exist on a
 * read-only fleet (OCS_BENCH_READONLY, default ocsdesk_bench): its row is created only on a fleet of the
 * benchmark's own. Nothing here writes to the fleet: the operator's grid layout is never saved.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Knex } from 'knex';
import { hashPassword } from '../../src-main/auth/passwords';
import { perfIndexStatus } from '../../src-main/computers/perf-indexes';
import { ensureFleet } from '../lib/fleet';
import { benchServer, pct } from '../lib/measure';
import { FRAME_PROBE, JUMP_PROBE, LOAD_FACTS, PALETTE_PROBE, watchScript } from './probes';
import { startShell, type BenchShell } from './shell';
import { traceColdLoad, traceScroll } from './trace';
import { CHROMIUM_LAUNCH, VIEWPORT } from '../../test/e2e/chromium';

const DB = process.env.OCS_BENCH_DB ?? 'ocsdesk_bench';
const READONLY = (process.env.OCS_BENCH_READONLY ?? 'ocsdesk_bench').split(',').includes(DB);
const COMPUTERS = Number(process.env.OCS_BENCH_COMPUTERS ?? 2000);
const ITER = Number(process.env.OCS_BENCH_ITER ?? 10);
const LOGIN = process.env.OCS_BENCH_LOGIN ?? 'bench';
const PASSWORD = process.env.OCS_BENCH_PASSWORD ?? 'Bench-ui-2026!';
/** The naive SQL shapes read whole big tables: each statement is stopped after this many seconds. */
const NAIVE_CAP_S = Number(process.env.OCS_BENCH_NAIVE_CAP_S ?? 20);
/** Same switches and viewport as playwright.config.ts. */
const LAUNCH = { ...CHROMIUM_LAUNCH, headless: true };

const GRID_ROW = '[data-testid="computers-grid"] tbody tr[data-id]';
const SOFTWARE_ROW = '[data-testid="software-grid"] tbody tr[data-name]';
const HOME_TILES = '[data-testid="home-computers"]';
const HOME_OS = '[data-testid="dash-os-list"] li';
const HOME_SOFTWARE = '[data-testid="dash-software-list"] a';

interface Row {
  what: string;
  samples: number[];
  goal?: number;
  base?: { what: string; samples: number[] };
  note?: string;
}
const results: Row[] = [];

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const p50p95 = (xs: number[]) => (xs.length ? `${fmt(pct(xs, 50))} / ${fmt(pct(xs, 95))}` : 'n/a');
const log = (s: string) => process.stdout.write(s + '\n');

function report(r: Row): void {
  results.push(r);
  const goal =
    r.goal === undefined
      ? ''
      : pct(r.samples, 95) < r.goal
        ? ` (goal < ${r.goal}: ok)`
        : ` (goal < ${r.goal}: OVER)`;
  const base = r.base ? `   | ${r.base.what}: ${p50p95(r.base.samples)}` : '';
  log(`  ${r.what}: p50/p95 ${p50p95(r.samples)} ms${goal}${base}${r.note ? `   [${r.note}]` : ''}`);
}

/** A statement of the naive shape, capped by max_statement_time; Infinity when stopped by the cap. */
async function naive(k: Knex, sql: string): Promise<number> {
  const t = performance.now();
  try {
    await k.raw(`SET STATEMENT max_statement_time=${NAIVE_CAP_S} FOR ${sql}`);
    return performance.now() - t;
  } catch (e) {
    if (/max_statement_time|interrupted/i.test(String(e))) return Infinity;
    throw e;
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** The page time (ms since navigation start) at which each watched selector was first rendered. */
async function seen(page: Page, name: string, timeoutMs = 60_000): Promise<number> {
  await page.waitForFunction(
    (n) => ((globalThis as unknown as { __seen?: Record<string, number> }).__seen?.[n] ?? -1) > 0,
    name,
    { timeout: timeoutMs, polling: 20 },
  );
  return page.evaluate((n) => (globalThis as unknown as { __seen: Record<string, number> }).__seen[n]!, name);
}

async function ensureOperator(k: Knex): Promise<void> {
  const row = await k('operators').where('ID', LOGIN).first('ID');
  if (row) return;
  if (READONLY) {
    throw new Error(
      `operator ${LOGIN} missing on the read-only fleet ${DB}: ask its owner to add it (see bench/browser/README in docs/performance.md)`,
    );
  }
  const h = await hashPassword(PASSWORD);
  await k('operators').insert({
    ID: LOGIN,
    FIRSTNAME: 'Bench',
    LASTNAME: 'Browser',
    PASSWD: h.passwd,
    PASSWORD_VERSION: h.version,
    ACCESSLVL: 1,
    NEW_ACCESSLVL: 'sadmin',
  });
}

async function newPage(browser: Browser, watch: Record<string, string>): Promise<[BrowserContext, Page]> {
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  await ctx.addInitScript({ content: watchScript(watch) });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
  return [ctx, page];
}

type Chunk = { name: string; bytes: number; cached: boolean; end: number };
type LoadFacts = { chunks: Chunk[]; firstRpc: number | null; rpcs: number };

/** Issue 22: navigation → first rows of the computers list, cold cache, warm cache, raw RPC. */
async function firstScreen(browser: Browser, shell: BenchShell): Promise<void> {
  log('\nfirst screen: navigation to /computers → first rows of the grid (fresh browser context each time)');
  const cold: number[] = [];
  const coldWall: number[] = [];
  const warm: number[] = [];
  const rpcMs: number[] = [];
  const firstRpc: number[] = [];
  let facts: LoadFacts | null = null;
  let listInput: unknown = null;
  for (let i = 0; i <= ITER; i++) {
    const t0 = Date.now();
    const [ctx, page] = await newPage(browser, { rows: GRID_ROW });
    page.on('request', (r) => {
      const body = r.postData();
      if (!listInput && body?.includes('"computers.list"'))
        listInput = (JSON.parse(body) as { input: unknown }).input;
    });
    await page.goto(`${shell.origin}/computers#token=${shell.token}`);
    const t = await seen(page, 'rows');
    const origin = await page.evaluate(() => performance.timeOrigin);
    const f = (await page.evaluate(LOAD_FACTS)) as LoadFacts;
    // Warm: the same tab navigates again (scripts from the browser cache, the session token kept).
    await page.goto(`${shell.origin}/computers`);
    const w = await seen(page, 'rows');
    await ctx.close();
    // The RPC alone, as the page sent it.
    const r = listInput ? await timed(() => shell.rpc('computers.list', listInput)) : NaN;
    if (i === 0) continue; // warm-up: the server's first call on the pool, the OS file cache
    cold.push(t);
    coldWall.push(origin + t - t0);
    warm.push(w);
    rpcMs.push(r);
    if (f.firstRpc !== null) firstRpc.push(f.firstRpc);
    facts ??= f;
  }
  report({
    what: 'first rows, cold cache',
    samples: cold,
    goal: 1500,
    base: { what: 'warm cache', samples: warm },
  });
  report({
    what: 'first rows, cold, new context + navigation',
    samples: coldWall,
    base: { what: 'computers.list RPC alone', samples: rpcMs },
  });
  report({ what: 'first /api/rpc request starts (cold)', samples: firstRpc });
  if (facts) {
    const js = facts.chunks.filter((c) => c.name.endsWith('.js'));
    const css = facts.chunks.filter((c) => c.name.endsWith('.css'));
    const kib = (cs: Chunk[]) => (cs.reduce((s, c) => s + c.bytes, 0) / 1024).toFixed(1);
    log(
      `  loaded cold: ${js.length} scripts ${kib(js)} KiB, ${css.length} styles ${kib(css)} KiB (as served: no compression on loopback); ${facts.rpcs} RPCs`,
    );
    for (const c of [...facts.chunks].sort((a, b) => b.bytes - a.bytes).slice(0, 12)) {
      log(
        `    ${(c.bytes / 1024).toFixed(1).padStart(7)} KiB  done at ${fmt(c.end).padStart(5)} ms  ${c.name}`,
      );
    }
  }
}

/** A browser whose tab is logged in and on `path`, with `watch` selectors. */
async function openOn(browser: Browser, shell: BenchShell, path: string, watch: Record<string, string>) {
  const [ctx, page] = await newPage(browser, watch);
  await page.goto(`${shell.origin}${path}#token=${shell.token}`);
  return { ctx, page };
}

/** Issue 19: Ctrl+K, type a computer's name, until it is in the list. */
async function palette(browser: Browser, shell: BenchShell, k: Knex): Promise<void> {
  log('\ncommand palette: a computer name typed (one input event) → that computer in the results');
  const [rows] = (await k.raw(
    "SELECT NAME FROM hardware WHERE DEVICEID NOT IN ('_SYSTEMGROUP_', '_DOWNLOADGROUP_') AND NAME <> '' ORDER BY RAND() LIMIT ?",
    [ITER + 1],
  )) as [Array<{ NAME: string }>];
  const { ctx, page } = await openOn(browser, shell, '/computers', { rows: GRID_ROW });
  await seen(page, 'rows');
  const ui: number[] = [];
  const inPage: number[] = [];
  const sent: number[] = [];
  const drawn: number[] = [];
  const raw: number[] = [];
  for (const [i, { NAME }] of rows.entries()) {
    await page.locator('#main').focus();
    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').waitFor({ state: 'visible' });
    const r = (await page.evaluate(`(${PALETTE_PROBE})(${JSON.stringify(NAME)})`)) as {
      ms: number;
      rpcMs: number | null;
      sentMs: number | null;
      drawnMs: number | null;
    };
    await page.keyboard.press('Escape');
    await page.getByTestId('palette-input').waitFor({ state: 'hidden' });
    // The route alone with another name's prefix (so it is not a repeat of the page's call).
    const b = await timed(() => shell.rpc('search.quick', { text: NAME, limit: 8 }));
    if (i === 0) continue; // the palette's chunk loads on the first open
    ui.push(r.ms);
    if (r.rpcMs !== null) inPage.push(r.rpcMs);
    if (r.sentMs !== null) sent.push(r.sentMs);
    if (r.drawnMs !== null) drawn.push(r.drawnMs);
    raw.push(b);
  }
  await ctx.close();
  report({
    what: 'palette: name typed → result shown',
    samples: ui,
    goal: 200,
    base: { what: 'search.quick RPC alone', samples: raw },
  });
  report({ what: 'palette: input → its search.quick request sent', samples: sent });
  report({ what: 'palette: its search.quick request in the page', samples: inPage });
  report({ what: 'palette: answer in → result drawn', samples: drawn });
}

/** Issue 19: frame times while the computers grid scrolls, next to the same page idle. */
async function gridFrames(browser: Browser, shell: BenchShell): Promise<void> {
  log('\ncomputers grid: requestAnimationFrame deltas while scrolling (vs the same page idle)');
  const { ctx, page } = await openOn(browser, shell, '/computers', { rows: GRID_ROW });
  await seen(page, 'rows');
  const ms = Number(process.env.OCS_BENCH_SCROLL_MS ?? 5000);
  type F = { deltas: number[]; longTasks: number; scrollHeight: number; rows: number };
  const probe = (step: number) =>
    page.evaluate(
      `(${FRAME_PROBE})(${JSON.stringify({ selector: '[data-testid="computers-grid"]', step, ms })})`,
    ) as Promise<F>;
  const idle = await probe(0);
  const scroll = await probe(Number(process.env.OCS_BENCH_SCROLL_STEP ?? 120));
  // Jumps of the scrollbar across the whole list: the rows there come from blocks never fetched yet.
  type J = { ms: number; index: number; placeholders: boolean };
  const jumps: J[] = [];
  for (let i = 0; i < ITER; i++) {
    const fraction = ((i * 0.618034 + 0.5) % 1) * 0.98;
    jumps.push(
      (await page.evaluate(
        `(${JUMP_PROBE})(${JSON.stringify({ selector: '[data-testid="computers-grid"]', fraction, rowHeight: 36 })})`,
      )) as J,
    );
  }
  const rowCount = await page.locator('[data-testid="computers-grid"] table').getAttribute('aria-rowcount');
  await ctx.close();
  const drops = (d: number[]) => d.filter((x) => x > 50).length;
  // Frames over 16.7 ms (one 60 Hz frame or more missed): over 20 ms, so the timer's jitter around
  // 16.7 (16.6-16.9 idle) does not count.
  const missed = (d: number[]) => d.filter((x) => x > 20).length;
  const max = (d: number[]) => Math.max(...d);
  report({
    what: 'grid frame time while scrolling',
    samples: scroll.deltas,
    base: { what: 'idle', samples: idle.deltas },
    note: `${scroll.deltas.length} frames, max ${fmt(max(scroll.deltas))} ms, ${missed(scroll.deltas)} over 16.7 ms, ${drops(scroll.deltas)} over 50 ms (idle: max ${fmt(max(idle.deltas))}, ${missed(idle.deltas)} over 16.7, ${drops(idle.deltas)} over 50); main-thread long tasks ${fmt(scroll.longTasks)} of ${ms} ms; scroll height ${scroll.scrollHeight} px (aria-rowcount ${rowCount}), ${scroll.rows} rows in the DOM`,
  });
  report({
    what: 'grid jump of the scrollbar → rows of that block drawn',
    samples: jumps.map((j) => j.ms),
    note: `rows ${jumps.map((j) => j.index - 1).join(', ')}; placeholders shown in ${jumps.filter((j) => j.placeholders).length} of ${jumps.length} (includes the grid's 60 ms settle delay, SETTLE_MS in use-row-blocks.ts)`,
  });
}

/**
 * The grid's scroll under a Chromium trace (`OCS_BENCH_ONLY=gridtrace`, `OCS_BENCH_TRACE=file.json`
 * keeps it): what a frame costs while rows come into view (React, style, layout, paint).
 */
async function gridTrace(browser: Browser, shell: BenchShell): Promise<void> {
  log('\ntrace: the computers grid scrolling (frame probe as in the grid case)');
  const { ctx, page } = await openOn(browser, shell, '/computers', { rows: GRID_ROW });
  await seen(page, 'rows');
  const ms = Number(process.env.OCS_BENCH_SCROLL_MS ?? 5000);
  const step = Number(process.env.OCS_BENCH_SCROLL_STEP ?? 120);
  await traceScroll(
    browser,
    page,
    () =>
      page.evaluate(
        `(${FRAME_PROBE})(${JSON.stringify({ selector: '[data-testid="computers-grid"]', step, ms })})`,
      ),
    process.env.OCS_BENCH_TRACE,
    log,
  );
  await ctx.close();
}

/** Issue 20: Home's tiles and cards, warm cache, next to the dashboard RPCs and the naive SQL. */
async function home(browser: Browser, shell: BenchShell, k: Knex): Promise<void> {
  log('\nHome dashboard: navigation → tiles / OS card / top software (warm cache)');
  const { ctx, page } = await openOn(browser, shell, '/computers', {
    rows: GRID_ROW,
    software: HOME_SOFTWARE,
  });
  await seen(page, 'rows');
  const first = performance.now();
  await page.goto(`${shell.origin}/`);
  // The first count of top software reads every software row (minutes at 14 M rows on a loaded server).
  const waitS = Number(process.env.OCS_BENCH_TOP_WAIT_S ?? 120);
  const shown = await seen(page, 'software', waitS * 1000).then(
    () => true,
    () => false,
  );
  log(
    shown
      ? `  first visit, top software not yet counted on the server: shown after ${fmt(performance.now() - first)} ms`
      : `  first visit: top software NOT shown after ${waitS} s (still counting on the server); its card is left out below`,
  );
  await ctx.close();
  const tiles: number[] = [];
  const os: number[] = [];
  const sw: number[] = [];
  const summary: number[] = [];
  const top: number[] = [];
  for (let i = 0; i < ITER; i++) {
    const [c, p] = await newPage(browser, { tiles: HOME_TILES, os: HOME_OS, software: HOME_SOFTWARE });
    await p.goto(`${shell.origin}/#token=${shell.token}`);
    // Warm cache: measure the second navigation of the tab.
    await seen(p, shown ? 'software' : 'os');
    await p.goto(`${shell.origin}/`);
    tiles.push(await seen(p, 'tiles'));
    os.push(await seen(p, 'os'));
    if (shown) sw.push(await seen(p, 'software'));
    await c.close();
    summary.push(await timed(() => shell.rpc('dashboard.summary', {})));
    if (shown) top.push(await timed(() => shell.rpc('dashboard.topSoftware', { limit: 10 })));
  }
  const naiveTop: number[] = [];
  for (let i = 0; i < Math.max(1, Math.floor(ITER / 4)); i++) {
    naiveTop.push(
      await naive(
        k,
        'SELECT n.NAME, COUNT(DISTINCT s.HARDWARE_ID) AS c FROM software s JOIN software_name n ON n.ID = s.NAME_ID GROUP BY n.NAME ORDER BY c DESC LIMIT 10',
      ),
    );
  }
  report({
    what: 'Home: fleet tiles shown',
    samples: tiles,
    base: { what: 'dashboard.summary RPC', samples: summary },
  });
  report({ what: 'Home: OS card shown', samples: os });
  report({
    what: 'Home: top software shown',
    samples: sw,
    base: { what: 'dashboard.topSoftware RPC (kept 5 min)', samples: top },
  });
  report({ what: `naive top-10 software SQL (GROUP BY name, capped ${NAIVE_CAP_S} s)`, samples: naiveTop });
}

/** Issue 20: All software's first page, warm cache, next to the RPC and the naive SQL. */
async function allSoftware(browser: Browser, shell: BenchShell, k: Knex): Promise<void> {
  log('\nAll software: navigation → first rows (warm cache)');
  const ui: number[] = [];
  const rpc: number[] = [];
  for (let i = 0; i <= ITER; i++) {
    const [c, p] = await newPage(browser, { rows: SOFTWARE_ROW });
    await p.goto(`${shell.origin}/software#token=${shell.token}`);
    await seen(p, 'rows', 600_000);
    await p.goto(`${shell.origin}/software`);
    const t = await seen(p, 'rows');
    await c.close();
    const r = await timed(() =>
      shell.rpc('software.list', { sort: { column: 'name', dir: 'asc' }, offset: 0, limit: 100 }),
    );
    if (i === 0) continue;
    ui.push(t);
    rpc.push(r);
  }
  const naiveMs: number[] = [];
  for (let i = 0; i < Math.max(1, Math.floor(ITER / 4)); i++) {
    naiveMs.push(
      await naive(
        k,
        `SELECT n.NAME, COUNT(DISTINCT s.PUBLISHER_ID) p, COUNT(DISTINCT s.VERSION_ID) v, COUNT(DISTINCT s.HARDWARE_ID) c
         FROM software s JOIN software_name n ON n.ID = s.NAME_ID GROUP BY n.NAME ORDER BY n.NAME LIMIT 100`,
      ),
    );
  }
  report({
    what: 'All software: first rows',
    samples: ui,
    base: { what: 'software.list RPC', samples: rpc },
  });
  report({ what: `naive All software page SQL (GROUP BY name, capped ${NAIVE_CAP_S} s)`, samples: naiveMs });
}

/** One cold first screen under a Chromium trace (`OCS_BENCH_ONLY=trace`, `OCS_BENCH_TRACE=file.json` keeps it). */
async function traceFirst(browser: Browser, shell: BenchShell): Promise<void> {
  log('\ntrace: one cold navigation to /computers → first rows');
  // A warm-up visit first (the server's pool, the OS file cache), as the first-screen case skips one.
  const [c0, p0] = await newPage(browser, { rows: GRID_ROW });
  await p0.goto(`${shell.origin}/computers#token=${shell.token}`);
  await seen(p0, 'rows');
  await c0.close();
  const [ctx, page] = await newPage(browser, { rows: GRID_ROW });
  await traceColdLoad(
    browser,
    page,
    `${shell.origin}/computers#token=${shell.token}`,
    () => seen(page, 'rows'),
    process.env.OCS_BENCH_TRACE,
    log,
  );
  await ctx.close();
}

async function main(): Promise<void> {
  const k = await ensureFleet({ db: DB, computers: COMPUTERS, existing: READONLY });
  await ensureOperator(k);
  const idx = await perfIndexStatus(k);
  const [[hw]] = (await k.raw(
    "SELECT COUNT(*) AS n FROM hardware WHERE DEVICEID NOT IN ('_SYSTEMGROUP_', '_DOWNLOADGROUP_')",
  )) as [[{ n: number }]];
  const [[sw]] = (await k.raw(
    "SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'software'",
  )) as [[{ n: number }]];
  log(
    `fleet ${DB}${READONLY ? ' (read-only)' : ''}: ${hw.n} computers, ~${sw.n} software rows; optional indexes: ${idx.map((i) => `${i.name} ${i.present ? 'present' : 'absent'}`).join(', ')}`,
  );
  log(
    `${ITER} iterations each; load average at start ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );

  const shell = await startShell();
  let browser: Browser | null = null;
  try {
    await shell.rpc('connection.open', { ...benchServer, database: DB });
    await shell.rpc('auth.login', { login: LOGIN, password: PASSWORD });
    const launchMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const b = await chromium.launch(LAUNCH);
      launchMs.push(performance.now() - t);
      await b.close();
    }
    log(`chromium launch (headless): ${launchMs.map(fmt).join(', ')} ms`);
    browser = await chromium.launch(LAUNCH);
    const only = process.env.OCS_BENCH_ONLY?.split(',');
    const run = (name: string) => !only || only.includes(name);
    if (run('first')) await firstScreen(browser, shell);
    if (run('trace')) await traceFirst(browser, shell);
    if (run('palette')) await palette(browser, shell, k);
    if (run('grid')) await gridFrames(browser, shell);
    if (run('gridtrace')) await gridTrace(browser, shell);
    if (run('home')) await home(browser, shell, k);
    if (run('software')) await allSoftware(browser, shell, k);
  } finally {
    await browser?.close();
    shell.stop();
    await k.destroy();
  }
  log(
    `\nload average at end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; ${execFileSync('uptime').toString().trim()}`,
  );
  const over = results.filter((r) => r.goal !== undefined && pct(r.samples, 95) >= r.goal);
  log(over.length ? `OVER the goal: ${over.map((r) => r.what).join('; ')}` : 'every goal met');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
