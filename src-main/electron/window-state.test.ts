import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, readWindowState, restoreBounds, stateToSave, writeWindowState } from './window-state';

const FULL_HD = { x: 0, y: 0, width: 1920, height: 1040 };
const RIGHT = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('restoreBounds', () => {
  it('uses the default size, centred, without a saved state', () => {
    expect(restoreBounds(null, [FULL_HD])).toEqual({ ...DEFAULT_SIZE, maximized: false });
  });

  it('keeps a saved window that is on a display', () => {
    const s = { x: 2000, y: 100, width: 1500, height: 900, maximized: true };
    expect(restoreBounds(s, [FULL_HD, RIGHT])).toEqual(s);
  });

  it('brings back a window left on a display that is gone', () => {
    const s = { x: 2000, y: 100, width: 1500, height: 900, maximized: false };
    const b = restoreBounds(s, [FULL_HD]);
    expect(b.x! + b.width).toBeLessThanOrEqual(1920);
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.width).toBe(1500);
  });

  it('shrinks a window larger than the display, and never below the display', () => {
    const s = { x: -50, y: -20, width: 3000, height: 2000, maximized: false };
    expect(restoreBounds(s, [FULL_HD])).toEqual({ x: 0, y: 0, width: 1920, height: 1040, maximized: false });
  });
});

describe('window state file', () => {
  it('writes atomically (no temp file left) and reads back; a corrupt file means no state', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ocsdesk-win-'));
    try {
      expect(await readWindowState(dir)).toBeNull();
      const s = stateToSave({ x: 10.4, y: 20, width: 1200, height: 800 }, true);
      await writeWindowState(dir, s);
      expect(readdirSync(dir)).toEqual(['window-state.json']);
      expect(await readWindowState(dir)).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: true });
      writeFileSync(path.join(dir, 'window-state.json'), '{"x":');
      expect(await readWindowState(dir)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
