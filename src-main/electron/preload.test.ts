import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async () => ({ ok: true, data: 1 }));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed[key] = api;
    },
  },
  ipcRenderer: { invoke, on: vi.fn() },
}));

describe('preload surface', () => {
  beforeEach(async () => {
    await import('./preload');
  });

  it('exposes exactly one object with exactly one function, rpc', () => {
    expect(Object.keys(exposed)).toEqual(['ocsDesk']);
    const api = exposed.ocsDesk as Record<string, unknown>;
    expect(Object.keys(api)).toEqual(['rpc']);
    expect(typeof api.rpc).toBe('function');
  });

  it('forwards calls on the single rpc channel and nothing else', async () => {
    const api = exposed.ocsDesk as { rpc: (r: unknown, i: unknown) => Promise<unknown> };
    await api.rpc('system.info', {});
    expect(invoke).toHaveBeenCalledWith('ocs:rpc', 'system.info', {});
    await expect(api.rpc(42, {})).rejects.toThrow(TypeError);
  });
});
