import path from 'node:path';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const SRC_MAIN = path.resolve('src-main');
/** Imports that cross capabilities on purpose, until their code moves (say why and when). None today. */
const FOREIGN_REPO_ALLOWED = new Set([]);
/** Creators of a Scope: the router, tests and benchmarks only (capabilities use ctx.scope). */
const SCOPE_CREATORS = new Set(['operatorScope', 'wholeFleetScope', 'scopeFromParts']);

/** The only folders that may write `locks` / `deleted_equiv` or delete `hardware` rows (and the DDL). */
const PROCEDURE_OWNERS = [
  path.join('platform', 'ocs', 'comm-procedures'),
  path.join('platform', 'db', 'schema'),
];
/** SQL that writes the comm server's lock and trace tables, or deletes a computer's hardware row. */
const PROCEDURE_SQL =
  /\b(?:insert(?:\s+ignore)?\s+into|update(?:\s+ignore)?|delete\s+from|replace\s+into|truncate(?:\s+table)?)\s+`?(?:locks|deleted_equiv)\b|\bdelete\s+from\s+`?hardware\b/i;
const PROCEDURE_TABLES = new Set(['locks', 'deleted_equiv']);
const procedureMessage =
  "Only platform/ocs/comm-procedures writes `locks` and `deleted_equiv` or deletes computers (takeLock/withLock, replaceDuplicate, deleteComputerRows): the comm server's procedures have one implementation.";

/** String literal value of a node (template literals without expressions included). */
const literalOf = (n) =>
  n?.type === 'Literal' && typeof n.value === 'string'
    ? n.value
    : n?.type === 'TemplateLiteral'
      ? n.quasis.map((q) => q.value.cooked).join('?')
      : null;

/**
 * Capability folders (src-main/<capability>/) do not import another capability's repositories
 * (`*.repo.ts`): shared OCS data access lives in src-main/platform/ocs/. Routes (`*.routes.ts`) call
 * services, never a repository, not even their own. And no capability creates a Scope itself.
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
            if (/\.routes\.ts$/.test(file) && /\.repo$/.test(target)) {
              context.report({
                node,
                message: `routes call services only: move the call to ${src} behind a function of the capability's service.`,
              });
            }
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
    'comm-procedures-only': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const rel = path.relative(SRC_MAIN, context.filename);
        if (rel.startsWith('..') || /\.test\.ts$/.test(rel)) return {};
        if (PROCEDURE_OWNERS.some((d) => rel.startsWith(d + path.sep))) return {};
        const checkText = (node) => {
          const v = literalOf(node);
          if (v !== null && PROCEDURE_SQL.test(v)) context.report({ node, message: procedureMessage });
        };
        return {
          Literal: checkText,
          TemplateLiteral: checkText,
          CallExpression(node) {
            // knex builders: k('locks').insert(…), k.insert(…).into('deleted_equiv'), k('hardware')….delete()
            const prop = node.callee.type === 'MemberExpression' ? node.callee.property : null;
            const name = prop?.type === 'Identifier' ? prop.name : '';
            if (['into', 'table'].includes(name) && PROCEDURE_TABLES.has(literalOf(node.arguments[0]) ?? ''))
              return context.report({ node, message: procedureMessage });
            const deletes = ['delete', 'del', 'truncate'].includes(name);
            if (!deletes && !['insert', 'update', 'upsert', 'increment', 'decrement'].includes(name)) return;
            for (let n = node.callee.object; n;) {
              if (n.type === 'CallExpression') {
                const t = literalOf(n.arguments[0]) ?? '';
                if (PROCEDURE_TABLES.has(t) || (deletes && t === 'hardware'))
                  return context.report({ node, message: procedureMessage });
                n = n.callee;
              } else if (n.type === 'MemberExpression') n = n.object;
              else break;
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
    rules: { 'layering/no-foreign-repo': 'error', 'layering/comm-procedures-only': 'error' },
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
