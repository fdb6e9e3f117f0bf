// Lint with the architecture in it: the layer rules below are what keeps lib/ free of the UI,
// the worker free of the web app, and the browser away from the database. tests/lint-rules.test.ts
// shows each layer rule firing on a fixture.
import tseslint from 'typescript-eslint';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const UI = ['next', 'next/*', 'react', 'react-dom', 'react/*', '@/app/*', '@/components/*', '**/app/**', '**/components/**'];
// Modules that reach the database, the queue or server secrets: never in the browser.
// Those that open a connection or hold a secret also start with `import 'server-only'`, so Next's build
// fails if a client component reaches one (and plain Node needs --conditions=react-server: SERVER_CONDITION).
const SERVER_ONLY_PACKAGES = ['postgres', 'drizzle-orm', 'pg-boss', 'better-auth', '@better-auth/api-key', 'undici'];
const SERVER_ONLY = [
  'drizzle-orm/*', 'better-auth/adapters/*', 'node:*',
  '@/lib/db/client', '@/lib/db/migrate', '@/lib/db/embedded-postgres', '@/lib/auth/auth', '@/lib/auth/authenticate',
  '@/lib/auth/users', '@/lib/auth/api-keys', '@/lib/server/context', '@/lib/queue/boss', '@/lib/runner/*',
  '@/lib/crypto/*', '@/lib/providers/connections', '@/lib/providers/client', '@/lib/providers/guarded-fetch',
];

const restrict = (patterns, message, packages = []) => ['error', {
  paths: packages.map((name) => ({ name, message, allowTypeImports: true })),
  patterns: [{ group: patterns, message, allowTypeImports: true }],
}];

export default tseslint.config(
  { ignores: ['node_modules/**', '.next*/**', '.data/**', '.tools/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'tests/lint-fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'proxy.ts'],
    plugins: { '@next/next': nextPlugin, 'react-hooks': reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // lib/ is the domain: no UI framework, no app code. lib/server/ is the one Next.js adapter.
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/server/**'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict(UI, 'lib/ is the domain: it never imports Next.js, React or app code (lib/server/ is the adapter).') },
  },
  {
    files: ['lib/server/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict(['react', 'react-dom', '@/app/*', '@/components/*', '**/components/**'], 'The server adapter does not import UI code.') },
  },
  // The worker runs lib/ only.
  {
    files: ['worker/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict([...UI, '@/lib/server/*', '**/lib/server/**'], 'worker/ imports lib/ only (never the web app or its adapter).') },
  },
  // Browser code never imports a module that reaches the database, the queue or secrets.
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict(SERVER_ONLY, 'Browser code must not import a module that reaches the database, the queue or secrets (type imports are fine).', SERVER_ONLY_PACKAGES) },
  },
  // The CLI is an outside client of the JSON API (what CI runs against a deployed app): HTTP only.
  {
    files: ['cli/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict([...UI, '@/lib/*', '**/lib/**', '@/worker/*', '**/worker/**'], 'cli/ reaches the app through its JSON API only: no imports from lib/, app/, components/ or worker/.', SERVER_ONLY_PACKAGES) },
  },
  // No import cycles anywhere.
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
);
