import { afterEach, describe, expect, it } from 'vitest';
import { takeBootCall } from './boot-calls';

/** What boot.js leaves on window: answers keyed by route and input JSON. */
function boot(calls: Record<string, unknown>, at = Date.now()): void {
  const entries = Object.entries(calls).map(([k, v]) => [k, Promise.resolve(v)]);
  (globalThis as { window?: unknown }).window = {
    __ocsDeskBoot: { at, calls: Object.fromEntries(entries) },
  };
}
const ok = (data: unknown) => ({ ok: true, data });

describe('takeBootCall (answers of the calls boot.js started)', () => {
  afterEach(() => delete (globalThis as { window?: unknown }).window);

  it('hands a successful answer once, to the same route and input only', async () => {
    boot({ 'computers.columns {}': ok([1]), 'auth.me {}': ok({ login: 'a' }) });
    expect(await takeBootCall('computers.columns', { x: 1 })).toBeNull();
    expect(await takeBootCall('computers.columns', {})).toEqual(ok([1]));
    expect(await takeBootCall('computers.columns', {})).toBeNull();
  });

  it('never hands an error or a failed fetch', async () => {
    boot({
      'computers.getGridPrefs {}': { ok: false, error: { code: 'AUTH_REQUIRED' } },
      'computers.columns {}': null,
    });
    expect(await takeBootCall('computers.getGridPrefs', {})).toBeNull();
    expect(await takeBootCall('computers.columns', {})).toBeNull();
  });

  it('forgets everything after a login or a layout change, or when too old', async () => {
    boot({ 'auth.me {}': ok({ login: 'a' }) });
    expect(await takeBootCall('auth.login', { login: 'a', password: 'b' })).toBeNull();
    expect(await takeBootCall('auth.me', {})).toBeNull();
    boot({ 'auth.me {}': ok({ login: 'a' }) });
    expect(await takeBootCall('computers.setGridPrefs', {})).toBeNull();
    expect(await takeBootCall('auth.me', {})).toBeNull();
    boot({ 'auth.me {}': ok({ login: 'a' }) }, Date.now() - 60_000);
    expect(await takeBootCall('auth.me', {})).toBeNull();
  });

  it('not logged in: the answers read before a login are dropped', async () => {
    boot({ 'auth.me {}': ok(null), 'computers.columns {}': ok([1]) });
    expect(await takeBootCall('auth.me', {})).toEqual(ok(null));
    expect(await takeBootCall('computers.columns', {})).toBeNull();
  });
});
