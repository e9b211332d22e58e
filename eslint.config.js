import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Imports go downwards only: shared ← electron/core ← electron/main; shared ← renderer. */
const restrict = (paths, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      patterns: patterns.map((group) => ({ group: [group], message })),
    },
  ],
});

/**
 * Layers inside electron/core (VS Code's layer rules, our folders), each importing only downward:
 * - kernel: what every feature writes through (db, vault, audit, ops, context, record guards, the
 *   rules' facts read model). It imports no feature.
 * - features: one folder per feature, named as its channel prefix. A feature imports the kernel and
 *   shared; another feature only where declared below (the DAG stays acyclic; a test checks it).
 * - views: compose features (timeline, printed documents, bundles). They import features, never
 *   the composition root.
 * - top: the composition root and tools (handlers.ts, app.ts, host (the core's worker thread), demo,
 *   bench) import anything.
 */
const coreFeatures = [
  'absences', 'agreements', 'attachments', 'audit', 'auth', 'backups', 'clean', 'keyCare', 'contacts', 'drafts', 'goodReasons', 'help', 'keys', 'leaves',
  'measures', 'persons', 'rates', 'reports', 'risk', 'schedules', 'settings', 'setup', 'tests', 'users', 'violations', 'worklist',
];
/** Declared feature → feature imports (the importer sits above what it imports). */
export const featureExceptions = {
  absences: ['goodReasons'],
  tests: ['goodReasons'],
  measures: ['goodReasons'],
  leaves: ['absences'],
  persons: ['measures'],
  agreements: ['measures', 'persons'],
  auth: ['users'],
  rates: ['worklist'],
  reports: ['help', 'keyCare', 'rates', 'worklist'],
};
const coreViews = ['timeline', 'print', 'bundles', 'ledger'];
const coreTop = ['demo', 'bench', 'host'];
const nodeOnly = { paths: ['electron'], patterns: ['**/renderer/**', '**/electron/main/**', '**/electron/preload/**'] };
const folderPattern = (folder) => `**/${folder}/**`;
const topFiles = ['**/core/handlers', '**/core/app', '../handlers', '../app', '../../handlers', '../../app'];
const layer = (files, forbidden, message) => ({
  files,
  rules: restrict(nodeOnly.paths, [...nodeOnly.patterns, ...forbidden], message),
});
const coreLayers = [
  layer(['electron/core/kernel/**/*.ts'], [...[...coreFeatures, ...coreViews, ...coreTop].map(folderPattern), ...topFiles], 'The kernel imports no feature, view or the composition root: move the shared piece into the kernel.'),
  ...coreFeatures.map((feature) =>
    layer(
      [`electron/core/${feature}/**/*.ts`],
      [...coreFeatures.filter((f) => f !== feature && !(featureExceptions[feature] ?? []).includes(f)), ...coreViews, ...coreTop].map(folderPattern).concat(topFiles),
      `A feature imports the kernel and shared only (declared exceptions: eslint.config.js featureExceptions); compose features in a view.`,
    ),
  ),
  ...coreViews.map((view) => layer([`electron/core/${view}/**/*.ts`], [...coreViews.filter((v) => v !== view), ...coreTop].map(folderPattern).concat(topFiles), 'A view composes features; it does not import other views or the composition root.')),
];

/** Renderer features: another feature is imported through its index.ts only (its public face). */
const rendererFeatures = ['agreements', 'auth', 'bundles', 'care', 'dashboard', 'guide', 'ledger', 'measures', 'persons', 'print', 'reports', 'settings', 'supervision', 'worklist'];
const rendererNodeOnly = restrict(['electron', ...nodeBuiltins], ['**/electron/**'], 'The renderer runs in the page: no Node, no Electron, no main-process code.')['no-restricted-imports'][1];
const rendererFeatureRules = rendererFeatures.map((feature) => ({
  files: [`renderer/features/${feature}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        ...rendererNodeOnly,
        patterns: [
          ...rendererNodeOnly.patterns,
          {
            regex: `^(\\.\\./)+(${rendererFeatures.filter((f) => f !== feature).join('|')})/.+`,
            message: 'Import another feature through its index.ts (`../measures`, not `../measures/MeasureCard`); shared widgets live in renderer/components and renderer/lib.',
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', '.electron-native/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always'],
      // Chinese documents use the ideographic space (U+3000) on purpose.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(['electron', ...nodeBuiltins], ['**/electron/**'], 'The renderer runs in the page: no Node, no Electron, no main-process code.'),
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      ['electron', 'react', ...nodeBuiltins],
      ['**/electron/**', '**/renderer/**'],
      'shared/ is used by both sides: no Node, no DOM framework, no Electron.',
    ),
  },
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts'],
    rules: restrict(['electron'], ['**/renderer/**', '**/electron/main/**', '**/electron/preload/**'], 'electron/core and the CLI run in plain Node: no Electron, no renderer code.'),
  },
  {
    // One door to the database driver: on Node older than 22.14 its own build aborts, and only
    // connect() knows which build to load. Types may be imported anywhere.
    files: ['electron/**/*.ts', 'test/**/*.ts'],
    ignores: ['electron/core/kernel/db/driver.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'better-sqlite3-multiple-ciphers',
              allowTypeImports: true,
              message: 'Open connections with connect() from electron/core/kernel/db/driver.ts, which loads the build of the driver made for this Node.',
            },
          ],
        },
      ],
    },
  },
  ...coreLayers,
  ...rendererFeatureRules,
  {
    files: ['electron/cli/**/*.ts', 'build/scripts/**/*.mjs', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
