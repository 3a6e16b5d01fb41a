import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** Pure logic and file of the remembered window (no Electron here: unit-tested in Node). */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WindowState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

export const DEFAULT_SIZE = { width: 1400, height: 900 } as const;
export const MIN_SIZE = { width: 960, height: 600 } as const;
/** How much of the title bar must stay on a display for the window to count as reachable. */
const GRAB = { width: 120, height: 40 } as const;

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Where to open the window: the saved bounds when a grabbable part of its title bar lies on one of
 * today's displays (work areas), else the saved size moved onto the display it overlaps most (or the
 * first one) — a monitor unplugged since, or a resolution lowered, never leaves the window off screen.
 * The size is clamped to the chosen work area and the minimum size. No saved state: default size,
 * centred by Electron (x/y undefined).
 */
export function restoreBounds(
  saved: WindowState | null,
  workAreas: readonly Rect[],
): { x?: number; y?: number; width: number; height: number; maximized: boolean } {
  const primary = workAreas[0];
  if (!saved || !primary) {
    const width = primary ? Math.min(DEFAULT_SIZE.width, primary.width) : DEFAULT_SIZE.width;
    const height = primary ? Math.min(DEFAULT_SIZE.height, primary.height) : DEFAULT_SIZE.height;
    return { width, height, maximized: saved?.maximized ?? false };
  }
  const titleBar: Rect = { x: saved.x, y: saved.y, width: saved.width, height: GRAB.height };
  const reachable = workAreas.find((a) => {
    const inter = overlap(titleBar, a);
    return inter >= Math.min(GRAB.width, saved.width) * Math.min(GRAB.height, saved.height);
  });
  const area =
    reachable ??
    workAreas.reduce((best, a) => (overlap(saved, a) > overlap(saved, best) ? a : best), primary);
  const width = Math.max(Math.min(saved.width, area.width), Math.min(MIN_SIZE.width, area.width));
  const height = Math.max(Math.min(saved.height, area.height), Math.min(MIN_SIZE.height, area.height));
  // Keep the whole window inside the chosen work area.
  const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - height);
  return { x, y, width, height, maximized: saved.maximized };
}

/** What to save: the normal (restored) bounds even while maximized, so un-maximizing comes back. */
export function stateToSave(normalBounds: Rect, maximized: boolean): WindowState {
  return {
    x: Math.round(normalBounds.x),
    y: Math.round(normalBounds.y),
    width: Math.round(normalBounds.width),
    height: Math.round(normalBounds.height),
    maximized,
  };
}

const FILE_NAME = 'window-state.json';

/** Reads the saved state; a missing, unreadable or malformed file means "no saved state". */
export async function readWindowState(configDir: string): Promise<WindowState | null> {
  try {
    const parsed = WindowState.safeParse(JSON.parse(await readFile(path.join(configDir, FILE_NAME), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes the state atomically: a temp file in the same folder, fsynced, renamed over the old one. */
export async function writeWindowState(configDir: string, state: WindowState): Promise<void> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  const file = path.join(configDir, FILE_NAME);
  const tmp = path.join(configDir, `.${FILE_NAME}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(WindowState.parse(state)) + '\n', 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
