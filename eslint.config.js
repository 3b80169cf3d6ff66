import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** A relative import that reaches into one of these top-level folders. */
const folder = (...names) => `(^|/)(${names.join('|')})(/|$)`;
const nodeBuiltins = ['node:*', ...builtinModules, ...builtinModules.map((m) => `${m}/*`)];

const restrict = (files, { paths = [], patterns = [] }) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'native/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // The layers (see README): each folder may only depend on the ones below it.
  restrict(['shared/**'], {
    patterns: [
      {
        regex: '^(?!zod$|\\.{1,2}/)',
        message: 'shared/ ne dépend que de zod et de shared/ : code pur, utilisable partout.',
      },
      {
        regex: folder('db', 'services', 'cli', 'electron', 'renderer', 'test'),
        message: 'shared/ ne dépend que de zod et de shared/.',
      },
    ],
  }),
  restrict(['renderer/**'], {
    paths: [
      { name: 'electron', message: "L'interface ne parle qu'à window.api." },
      { name: 'better-sqlite3', message: "L'interface ne parle qu'à window.api." },
      { name: 'kysely', message: "L'interface ne parle qu'à window.api." },
    ],
    patterns: [
      { group: nodeBuiltins, message: "L'interface tourne dans un navigateur sans Node." },
      {
        regex: folder('db', 'services', 'cli', 'electron'),
        message: "L'interface ne parle qu'à window.api, jamais au code Node.",
      },
    ],
  }),
  restrict(['db/**'], {
    paths: [{ name: 'electron', message: 'db/ doit fonctionner sans Electron (tests, CLI).' }],
    patterns: [
      {
        regex: folder('electron', 'renderer', 'services', 'cli'),
        message: 'db/ ne dépend que de shared/.',
      },
    ],
  }),
  restrict(['services/**', 'cli/**'], {
    paths: [{ name: 'electron', message: 'Les services ne dépendent pas du transport Electron.' }],
    patterns: [
      { regex: folder('electron', 'renderer'), message: 'Les services ne dépendent pas du transport.' },
    ],
  }),
);
