import path from 'node:path';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const SRC_MAIN = path.resolve('src-main');
/** Imports that cross capabilities on purpose, until their code moves (say why and when). */
const FOREIGN_REPO_ALLOWED = new Set([
  // auth reads operator rows (login, tags); they move to platform/ocs once the rights branch settles.
  'auth->operators/operators.repo',
]);
/** Creators of a Scope: the router, tests and benchmarks only (capabilities use ctx.scope). */
const SCOPE_CREATORS = new Set(['operatorScope', 'wholeFleetScope', 'scopeFromParts']);

/**
 * Capability folders (src-main/<capability>/) do not import another capability's repositories
 * (`*.repo.ts`): shared OCS data access lives in src-main/platform/ocs/. And no capability creates
 * a Scope itself.
 */
const layering = {
  rules: {
    'no-foreign-repo': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const file = context.filename;
        const rel = path.relative(SRC_MAIN, file);
        if (rel.startsWith('..')) return {};
        const own = rel.split(path.sep)[0];
        return {
          ImportDeclaration(node) {
            const src = node.source.value;
            if (typeof src !== 'string' || !src.startsWith('.')) return;
            const target = path.relative(SRC_MAIN, path.resolve(path.dirname(file), src));
            if (target.startsWith('..')) return;
            const [cap] = target.split(path.sep);
            const key = `${own}->${target.split(path.sep).join('/')}`;
            if (cap !== own && /\.repo$/.test(target) && !FOREIGN_REPO_ALLOWED.has(key)) {
              context.report({
                node,
                message: `${own}/ must not import ${cap}'s repository (${src}): use a service, or move shared OCS data access to platform/ocs/.`,
              });
            }
            if (
              own !== 'platform' &&
              !/\.test\.ts$/.test(file) &&
              target === path.join('platform', 'ocs', 'scope')
            ) {
              for (const spec of node.specifiers) {
                const name = spec.type === 'ImportSpecifier' ? spec.imported.name : null;
                if (name && SCOPE_CREATORS.has(name))
                  context.report({
                    node: spec,
                    message: `${name} is for the router and tests: a capability gets its scope from ctx.scope or ctx.wholeFleet().`,
                  });
              }
            }
          },
        };
      },
    },
  },
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.bench-out/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // We do not run the React Compiler, so "cannot be memoized by the compiler" is not a problem.
      'react-hooks/incompatible-library': 'off',
      // The renderer only calls routes: no main-process code, no Node APIs.
      'no-restricted-imports': ['error', { patterns: ['**/src-main/**', 'node:*', 'electron'] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/src-main/**', '**/src-renderer/**', 'node:*', 'electron'] },
      ],
    },
  },
  {
    // Only src-main/electron/ may import Electron; capabilities stay door-agnostic.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'], patterns: ['**/src-renderer/**'] }] },
  },
  {
    files: ['src-main/**/*.ts'],
    plugins: { layering },
    rules: { 'layering/no-foreign-repo': 'error' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
  },
);
