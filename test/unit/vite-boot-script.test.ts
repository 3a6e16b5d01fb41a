import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIRST_PAGE_MODULES, firstPageFiles } from '../../scripts/vite-boot-script';

const ROOT = path.resolve(import.meta.dirname, '../../src-renderer');

describe('first-page files written into boot.js', () => {
  it('names the same first pages as nav.ts FIRST_PAGES', () => {
    const nav = readFileSync(path.join(ROOT, 'app-shell/nav.ts'), 'utf8');
    const block = /const FIRST_PAGES[^{]*\{([^}]*)\}/.exec(nav)?.[1] ?? '';
    const pages = Object.fromEntries(
      [...block.matchAll(/'([^']+)': \(\) => import\('\.\.\/([^']+)'\)/g)].map((m) => [m[1], `${m[2]}.tsx`]),
    );
    expect(pages).toEqual(FIRST_PAGE_MODULES);
  });

  it("lists a page's chunk, what it imports transitively and its CSS, minus the entry's own graph", () => {
    const chunk = (fileName: string, imports: string[], extra: object = {}) => ({
      type: 'chunk' as const,
      fileName,
      imports,
      ...extra,
    });
    const bundle = {
      entry: chunk('assets/index.js', ['assets/react.js'], { isEntry: true }),
      react: chunk('assets/react.js', []),
      home: chunk('assets/home.js', ['assets/react.js', 'assets/charts.js'], {
        facadeModuleId: path.join(ROOT, 'pages/home/home-page.tsx'),
      }),
      charts: chunk('assets/charts.js', ['assets/d3.js'], {
        viteMetadata: { importedCss: new Set(['assets/charts.css']) },
      }),
      d3: chunk('assets/d3.js', ['assets/charts.js']),
      computers: chunk('assets/computers.js', ['assets/grid.js'], {
        facadeModuleId: path.join(ROOT, 'pages/computers/computers-page.tsx'),
      }),
      grid: chunk('assets/grid.js', []),
      css: { type: 'asset' as const, fileName: 'assets/charts.css' },
    };
    expect(firstPageFiles(bundle, ROOT)).toEqual({
      '/': ['/assets/home.js', '/assets/charts.js', '/assets/d3.js', '/assets/charts.css'],
      '/computers': ['/assets/computers.js', '/assets/grid.js'],
    });
  });

  it('refuses a build where a first page has no chunk of its own', () => {
    expect(() =>
      firstPageFiles({ e: { type: 'chunk', fileName: 'assets/index.js', isEntry: true, imports: [] } }, ROOT),
    ).toThrow(/home-page\.tsx has no chunk/);
  });
});
