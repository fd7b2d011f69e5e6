// @ts-check
// natter's lint: typescript-eslint's recommended rules, and the import
// boundaries of docs/architecture.md ("Dependency direction").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports a folder may not make, with the reason the linter gives. */
const forbid = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }],
});

const SERVER = [['natter-server', '**/server/**'], 'Widget code never imports the server (server/ depends on natter, not the other way round).'];
const UI = [['**/ui/*', 'preact', 'preact/*'], 'Only ui/, mount.ts and entries/ render: this folder must not import UI or preact.'];
const CONCRETE_BACKENDS = [['**/backend/memory/*', '**/backend/http/*', '**/backend/wordpress/*'], 'The UI reaches data through the Backend interface; concrete backends arrive through context.'];
const WIDGET_INSIDE = [['natter/render', '**/src/ui/**', '**/src/*', '../../src/**', '../../../src/**', 'preact', 'preact/*'], 'Server code uses the widget only through natter/protocol (and natter/demo for the dev seed).'];
const OUT_OF_PROTOCOL = [['../*', '!./*'], 'The protocol stands alone: its schema library and its own files only.'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '.tmp/**', 'bench/.peers/**', 'wordpress/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-undef': 'off',
      // natter's text rules match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  // Migrations are frozen in time and take Kysely<any>, as kysely's own do.
  { files: ['server/src/storage/migrations/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['src/protocol/**'], rules: forbid(SERVER, OUT_OF_PROTOCOL) },
  { files: ['src/model/**'], rules: forbid(SERVER, UI, [['**/backend/**', '**/i18n/**', '**/identity/**'], 'model/ holds domain types and pure logic: protocol/ only.']) },
  { files: ['src/backend/**', 'src/identity/**', 'src/i18n/**'], rules: forbid(SERVER, UI) },
  { files: ['src/ui/**'], rules: forbid(SERVER, CONCRETE_BACKENDS) },
  { files: ['src/*.ts', 'src/entries/**', 'src/embed/**', 'src/styles/**', 'demo/**'], rules: forbid(SERVER) },
  { files: ['server/src/**'], rules: forbid(WIDGET_INSIDE) },
);
