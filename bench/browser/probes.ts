/**
 * What the benchmark runs inside the page. Plain strings (not functions) so that nothing the bundler
 * adds around a function body reaches the browser.
 */

/**
 * Init script: records in `window.__seen[name]` the page time (ms since navigation start) of the frame
 * after the first moment each selector matches. A MutationObserver, so the time does not depend on how
 * often Playwright polls.
 */
export function watchScript(selectors: Record<string, string>): string {
  return `(() => {
  const want = ${JSON.stringify(selectors)};
  const seen = (window.__seen = {});
  const check = () => {
    for (const [name, sel] of Object.entries(want)) {
      if (seen[name] === undefined && document.querySelector(sel)) {
        seen[name] = -1;
        requestAnimationFrame(() => (seen[name] = performance.now()));
      }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})();`;
}

/** The network side of a page load, from resource timing: scripts and styles fetched, first RPC start. */
export const LOAD_FACTS = `(() => {
  const rs = performance.getEntriesByType('resource');
  const assets = rs.filter((r) => /\\/assets\\/[^/]+\\.(js|css)$/.test(new URL(r.name).pathname));
  const rpcs = rs.filter((r) => new URL(r.name).pathname === '/api/rpc');
  return {
    chunks: assets.map((r) => ({
      name: new URL(r.name).pathname.replace('/assets/', ''),
      bytes: r.encodedBodySize,
      cached: r.transferSize === 0,
      end: r.responseEnd,
    })),
    firstRpc: rpcs.length ? Math.min(...rpcs.map((r) => r.startTime)) : null,
    rpcs: rpcs.length,
  };
})()`;

/**
 * Types `text` into the palette's input in one go (what the last keystroke does) and resolves with the
 * ms until a result whose text contains it is in the list, the RPC's own duration, when it was sent and
 * how long the answer took to be drawn.
 */
export const PALETTE_PROBE = `async (text) => {
  const input = document.querySelector('[data-testid="palette-input"]');
  const list = document.getElementById('command-palette-list');
  const hit = () =>
    [...list.querySelectorAll('[data-action]')].some((el) => (el.textContent || '').includes(text));
  const t0 = performance.now();
  const done = new Promise((resolve) => {
    const obs = new MutationObserver(() => {
      if (hit()) {
        obs.disconnect();
        requestAnimationFrame(() => resolve(performance.now()));
      }
    });
    obs.observe(list, { childList: true, subtree: true, characterData: true });
  });
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  setter.call(input, text);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  const t1 = await done;
  const rpc = performance
    .getEntriesByType('resource')
    .filter((r) => r.name.endsWith('/api/rpc') && r.startTime >= t0);
  const last = rpc.length ? rpc[rpc.length - 1] : null;
  return {
    ms: t1 - t0,
    rpcMs: last ? last.duration : null,
    // Where the rest went: input → request sent (debounce, renders) and answer in → result drawn.
    sentMs: last ? last.startTime - t0 : null,
    drawnMs: last ? t1 - last.responseEnd : null,
  };
}`;

/**
 * Frame times (requestAnimationFrame deltas) for `ms` while the element scrolls down by `step` px per
 * frame (bouncing back to the top at the end); step 0 measures the same page idle.
 */
export const FRAME_PROBE = `async ({ selector, step, ms }) => {
  const el = document.querySelector(selector);
  el.scrollTop = 0;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const deltas = [];
  // Main-thread tasks over 50 ms (script, style, layout) while measuring: tells the page's own work
  // from raster and compositing, which run elsewhere.
  let longTasks = 0;
  const lt = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks += e.duration;
  });
  lt.observe({ type: 'longtask' });
  let last = performance.now();
  const end = last + ms;
  let dir = 1;
  await new Promise((resolve) => {
    const tick = (now) => {
      deltas.push(now - last);
      last = now;
      if (step) {
        const max = el.scrollHeight - el.clientHeight;
        if (el.scrollTop >= max - 1) dir = -1;
        else if (el.scrollTop <= 0) dir = 1;
        el.scrollTop += dir * step;
      }
      if (now < end) requestAnimationFrame(tick);
      else resolve();
    };
    requestAnimationFrame(tick);
  });
  lt.disconnect();
  return { deltas, longTasks, scrollHeight: el.scrollHeight, rows: el.querySelectorAll('tbody tr[data-id]').length };
}`;

/**
 * A jump of the scrollbar to `fraction` of the list: ms until the row at the new top of the view holds
 * its computer (its block fetched and drawn), and whether placeholder rows were shown meanwhile.
 */
export const JUMP_PROBE = `async ({ selector, fraction, rowHeight }) => {
  const el = document.querySelector(selector);
  const t0 = performance.now();
  el.scrollTop = Math.floor((el.scrollHeight - el.clientHeight) * fraction);
  const index = Math.floor(el.scrollTop / rowHeight) + 2;
  let placeholders = false;
  return await new Promise((resolve, reject) => {
    const tick = () => {
      if (el.querySelector('tbody tr[data-placeholder]')) placeholders = true;
      if (el.querySelector('tbody tr[aria-rowindex="' + index + '"][data-id]'))
        resolve({ ms: performance.now() - t0, index, placeholders });
      else if (performance.now() - t0 > 30000) reject(new Error('row ' + index + ' not shown after 30 s'));
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}`;
