import type { Dirent } from 'node:fs';
import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** One entry of a batch: a file to read, or a problem found while walking (reported per path). */
export interface BatchEntry {
  path: string;
  problem?: {
    reason: string;
    code: 'FILE_INVALID' | 'FILE_NOT_FOUND' | 'FILE_ACCESS_DENIED';
    detail?: string;
  };
}

/** Inside folders only these are taken (a folder may hold manifest.json, logs...). Named files are always tried. */
export const IMPORT_EXTENSIONS = /\.(ocs|xml)$/i;

function problemOf(p: string, e: unknown): BatchEntry {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return { path: p, problem: { reason: 'not-found', code: 'FILE_NOT_FOUND' } };
  if (code === 'EACCES' || code === 'EPERM')
    return { path: p, problem: { reason: 'access-denied', code: 'FILE_ACCESS_DENIED' } };
  if (code === 'ELOOP') return { path: p, problem: { reason: 'symlink-loop', code: 'FILE_INVALID' } };
  return {
    path: p,
    problem: { reason: 'unreadable', code: 'FILE_INVALID', detail: String(code ?? e).slice(0, 100) },
  };
}

/**
 * Expands files and folders (recursively, following symlinks) into a flat list. A directory reached
 * twice through symlinks is a loop: reported once, not walked again. The same file reached twice is
 * imported once. Streams directory entries (opendir), so huge folders do not load at once.
 */
export async function* walkInputs(inputs: string[], signal?: AbortSignal): AsyncGenerator<BatchEntry> {
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  async function* visit(p: string, named: boolean, ancestors: Set<string>): AsyncGenerator<BatchEntry> {
    signal?.throwIfAborted();
    let st;
    try {
      st = await stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A dangling link inside a folder is not worth a report unless it looks like an import file.
      if (!named && code === 'ENOENT' && !IMPORT_EXTENSIONS.test(p)) return;
      yield problemOf(p, e);
      return;
    }
    if (st.isDirectory()) {
      let real: string;
      try {
        real = await realpath(p);
      } catch (e) {
        yield problemOf(p, e);
        return;
      }
      if (ancestors.has(real)) {
        yield {
          path: p,
          problem: { reason: 'symlink-loop', code: 'FILE_INVALID', detail: `leads back to ${real}` },
        };
        return;
      }
      if (seenDirs.has(real)) return; // reached twice through different links: walk it once
      seenDirs.add(real);
      let dir;
      try {
        dir = await opendir(p);
      } catch (e) {
        yield problemOf(p, e);
        return;
      }
      const names: Dirent[] = [];
      for await (const d of dir) names.push(d);
      names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const next = new Set(ancestors).add(real);
      for (const d of names) {
        const child = path.join(p, d.name);
        if (d.isDirectory() || d.isSymbolicLink()) {
          yield* visit(child, false, next);
        } else if (IMPORT_EXTENSIONS.test(d.name)) {
          yield* visit(child, false, next);
        }
      }
      return;
    }
    if (!named && !IMPORT_EXTENSIONS.test(p)) return;
    let real = p;
    try {
      real = await realpath(p);
    } catch {
      /* keep p */
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    if (!st.isFile()) {
      yield { path: p, problem: { reason: 'not-a-regular-file', code: 'FILE_INVALID' } };
      return;
    }
    yield { path: p };
  }

  for (const input of inputs) {
    const abs = path.resolve(input);
    try {
      await lstat(abs);
    } catch (e) {
      yield problemOf(abs, e);
      continue;
    }
    yield* visit(abs, true, new Set());
  }
}
