import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * No import cycles (issue 17: certificate-wizard.tsx ⇄ import-panel.tsx). The project has no
 * eslint-plugin-import, so the static imports are read here: `import … from`, `export … from` and
 * side-effect imports, relative or through the `@shared/` alias; `import type` is left out (erased at build),
 * dynamic `import()` too (loaded after the module ran).
 */
const ROOT = path.resolve(__dirname, '../..');
const DIRS = ['src-renderer', 'shared', 'src-main'];
const EXT = ['.ts', '.tsx'];

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules') walk(p, out);
    } else if (
      EXT.some((e) => name.endsWith(e)) &&
      !/\.(test|spec)\.tsx?$/.test(name) &&
      !name.endsWith('.d.ts')
    )
      out.push(p);
  }
  return out;
}

/** The module specifiers a file imports at run time. */
export function runtimeImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    if (m[2]) continue; // import type / export type
    const clause = m[3] ?? '';
    // `import { type A, type B } from` is erased too.
    const braces = /^\{([^}]*)\}\s+from\s+$/.exec(clause.trim() + ' ');
    if (braces && braces[1]!.split(',').every((s) => !s.trim() || /^type\s/.test(s.trim()))) continue;
    if (m[1] === 'export' && !m[3]) continue;
    out.push(m[4]!);
  }
  return out;
}

function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('@shared/')) base = path.join(ROOT, 'shared', spec.slice('@shared/'.length));
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const c of [base, ...EXT.map((e) => base + e), ...EXT.map((e) => path.join(base, 'index' + e))]) {
    if (existsSync(c) && statSync(c).isFile() && EXT.some((e) => c.endsWith(e))) return c;
  }
  return null;
}

/** Every cycle as one strongly connected component (Tarjan), files relative to the repository. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('import cycles', () => {
  it('reads run-time imports and leaves type-only ones out', () => {
    const src = [
      "import { A } from './a';",
      "import type { B } from './b';",
      "import { type C, type D } from './c';",
      "import { type E, F } from './e';",
      "export { G } from './g';",
      "export type { H } from './h';",
      "import './side-effect.css';",
      "// import { X } from './commented';",
      'export const x = 1;',
    ].join('\n');
    expect(runtimeImports(src)).toEqual(['./a', './e', './g', './side-effect.css']);
  });

  it('finds a two-file cycle and a self-import, not a chain', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['a']],
      ['c', ['d']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(findCycles(g)).toEqual([['a', 'b'], ['e']]);
  });

  it('src-renderer, shared and src-main have no import cycle', () => {
    const graph = new Map<string, string[]>();
    for (const dir of DIRS) {
      for (const file of walk(path.join(ROOT, dir))) {
        const deps = runtimeImports(readFileSync(file, 'utf8'))
          .map((s) => resolve(file, s))
          .filter((d): d is string => d !== null)
          .map((d) => path.relative(ROOT, d));
        graph.set(path.relative(ROOT, file), deps);
      }
    }
    expect(graph.size).toBeGreaterThan(100);
    expect(findCycles(graph)).toEqual([]);
  });
});
