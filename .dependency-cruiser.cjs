// The package graph and the layer rules, enforced by `npm run lint:deps` (docs/ARCHITECTURE.md,
// docs/adr/0011-package-graph-rules.md). The package layering itself lives in
// scripts/src/architecture/package-layers.cjs, shared with the graph generator.
const { TEST_FILE, packageRules } = require('./scripts/src/architecture/package-layers.cjs');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module that reaches itself through its imports: break the cycle.',
      from: {},
      to: { circular: true },
    },
    ...packageRules(TEST_FILE),
    {
      name: 'workflow-code-is-deterministic',
      severity: 'error',
      comment:
        'Workflow code runs in the deterministic sandbox: it imports only @temporalio/workflow, ' +
        'other workflow modules, and pure or type-only modules.',
      from: { path: '^workflows/src/', pathNot: TEST_FILE },
      to: {
        dependencyTypesNot: ['type-only'],
        pathNot: [
          '^workflows/src/',
          'node_modules/@temporalio/(workflow|common)/',
          '^contracts/src/(failures|collab-tasks|executors|jobs|temporal)\\.ts$',
        ],
      },
    },
    {
      name: 'api-runs-no-worker',
      severity: 'error',
      comment: 'The API starts and queries workflows; it never runs activities or a worker.',
      from: { path: '^api/src/', pathNot: TEST_FILE },
      to: {
        dependencyTypesNot: ['type-only'],
        path: ['^activities/', 'node_modules/@temporalio/(worker|testing)/'],
      },
    },
    {
      name: 'test-support-only-in-tests',
      severity: 'error',
      comment: 'Test helpers are imported only by tests, bench and e2e.',
      from: { pathNot: [TEST_FILE, '^test-support/'] },
      to: { path: '^test-support/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|generated|build|\\.cache)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
