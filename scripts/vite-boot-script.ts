import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * The first pages a visit opens (path → page module), as src-renderer/app-shell/nav.ts FIRST_PAGES
 * (test/unit/vite-boot-script.test.ts keeps the two lists equal).
 */
export const FIRST_PAGE_MODULES: Record<string, string> = {
  '/': 'pages/home/home-page.tsx',
  '/computers': 'pages/computers/computers-page.tsx',
};

const MARK = '/*FIRST_PAGE_FILES*/ {}';

interface ChunkLike {
  type: 'chunk' | 'asset';
  fileName: string;
  isEntry?: boolean;
  facadeModuleId?: string | null;
  imports?: string[];
  viteMetadata?: { importedCss?: Set<string> };
}

/**
 * For each first page, the built files it needs beyond the entry's own static graph: its chunk, the
 * chunks it imports (transitively) and their CSS. React.lazy would ask for them only once the entry
 * (~1 MB) has been parsed and has run, ~0.7 s after it arrived on a loaded machine (issue 22).
 */
export function firstPageFiles(
  bundle: Record<string, ChunkLike>,
  rendererRoot: string,
): Record<string, string[]> {
  const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const closure = (start: string[], into = new Set<string>()) => {
    for (const f of start) {
      if (into.has(f)) continue;
      into.add(f);
      closure(byFile.get(f)?.imports ?? [], into);
    }
    return into;
  };
  const entryGraph = closure(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
  const out: Record<string, string[]> = {};
  for (const [route, mod] of Object.entries(FIRST_PAGE_MODULES)) {
    const file = path.resolve(rendererRoot, mod);
    const page = chunks.find((c) => c.facadeModuleId && path.resolve(c.facadeModuleId) === file);
    if (!page) throw new Error(`first page ${mod} has no chunk of its own in the build`);
    const js = [...closure([page.fileName])].filter((f) => !entryGraph.has(f));
    const css = js.flatMap((f) => [...(byFile.get(f)?.viteMetadata?.importedCss ?? [])]);
    out[route] = [...js, ...new Set(css)].map((f) => '/' + f);
  }
  return out;
}

/**
 * Serves and builds boot.js (the first, classic script of index.html) with the first pages' files
 * written into it, so that it can ask for them at once with the first RPCs. Not a public/ file: that
 * would be copied as it is.
 */
export function bootScript(rendererRoot: string): Plugin {
  const source = () => {
    const text = readFileSync(path.join(rendererRoot, 'boot.js'), 'utf8');
    if (!text.includes(MARK)) throw new Error(`boot.js lost its ${MARK} mark`);
    return text;
  };
  return {
    name: 'ocs-desk-boot-script',
    configureServer(server) {
      // Dev server: no built chunks to name; the page modules load as React.lazy asks for them.
      server.middlewares.use('/boot.js', (_req, res) => {
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        res.end(source());
      });
    },
    generateBundle(_options, bundle) {
      const files = firstPageFiles(bundle as unknown as Record<string, ChunkLike>, rendererRoot);
      this.emitFile({
        type: 'asset',
        fileName: 'boot.js',
        source: source().replace(MARK, JSON.stringify(files)),
      });
    },
  };
}
