// The package graph and the layer rules, enforced by `npm run lint:deps` (docs/ARCHITECTURE.md,
// docs/adr/0011-package-graph-rules.md). The package layering itself lives in
// scripts/src/architecture/package-layers.cjs, shared with the graph generator.
const { TEST_FILE, packageRules } = require('./scripts/src/architecture/package-layers.cjs');
const apiManifest = require('./api/package.json');

/** The files behind the API's public entries: the exact (non-wildcard) `exports` of api/package.json. */
const API_PUBLIC_ENTRIES = Object.entries(apiManifest.exports)
  .filter(([subpath]) => !subpath.includes('*'))
  .map(([, target]) => `^api/${target.replace(/^\.\//, '').replace(/\./g, '\\.')}$`);

/** The Node-only part of contracts: the configuration and environment parsing. */
const CONTRACTS_NODE = 'contracts/src/node/';
/**
 * Code that can end up in the console's browser bundle: its app/ modules (Remix strips the
 * *.server.ts(x) ones, and the loaders and actions that use them) and everything in contracts but
 * contracts/src/node/. Type-only imports are erased, so they may name Node types.
 */
const BROWSER_CODE = {
  path: ['^remix-console/app/', '^contracts/src/'],
  pathNot: [TEST_FILE, '\\.server\\.tsx?$', `^${CONTRACTS_NODE}`],
};

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
          '^contracts/src/(failures|temporal|schemas/(collab-tasks|executors|jobs))\\.ts$',
        ],
      },
    },
    {
      name: 'browser-code-has-no-node-builtins',
      severity: 'error',
      comment:
        'Code that can reach the browser bundle imports no Node built-in: in the console, move it ' +
        'into a *.server.ts module; in contracts, into contracts/src/node/.',
      from: BROWSER_CODE,
      to: { dependencyTypes: ['core'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'browser-code-has-no-node-contracts',
      severity: 'error',
      comment:
        'Code that can reach the browser bundle does not import the Node-only contracts entry ' +
        '(@kyros/contracts/config and /env, in contracts/src/node/): only *.server.ts modules may.',
      from: BROWSER_CODE,
      to: { path: `^${CONTRACTS_NODE}`, dependencyTypesNot: ['type-only'] },
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
      name: 'api-public-entries-only',
      severity: 'error',
      comment:
        'scripts and bench reach the API only through its public entries (the exact exports of ' +
        'api/package.json, e.g. @kyros/api/bootstrap); test-support may import its internals.',
      from: { path: '^(scripts|bench)/' },
      to: { path: '^api/', pathNot: API_PUBLIC_ENTRIES },
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
