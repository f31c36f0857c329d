// The allowed edges between the workspace's packages, production code only: a package may import
// itself and the packages listed here, nothing else. The list is a DAG, checked by
// package-layers.test.ts, so the package graph has no cycle. Tests may also import test-support.
const PACKAGE_LAYERS = {
  contracts: [],
  'durable-files': [],
  prisma: ['contracts'],
  // The MCP tool set and its port; the API holds the in-process adapter and mounts /mcp.
  mcp: ['contracts'],
  // Workflow code imports the activities' types (erased at run time); the worker loads workflow
  // code by file path, never by import.
  activities: ['contracts', 'prisma', 'durable-files'],
  workflows: ['contracts', 'activities'],
  api: ['contracts', 'prisma', 'durable-files', 'workflows', 'mcp'],
  scripts: ['contracts', 'prisma', 'api'],
  'terminal-daemon': ['contracts'],
  'remix-console': ['contracts'],
};

/** Tests, a package's test/ folder (fixtures, test workflows), e2e and bench. */
const TEST_FILE = '\\.(test|spec)\\.tsx?$|^[^/]+/test/|^e2e/|^bench/';

/** One forbidden rule per package: what it must not import. */
function packageRules(testFile) {
  const packages = Object.keys(PACKAGE_LAYERS);
  return packages.map((name) => {
    const allowed = new Set([name, ...PACKAGE_LAYERS[name]]);
    const forbidden = packages.filter((other) => !allowed.has(other));
    return {
      name: `package-layers/${name}`,
      severity: 'error',
      comment: `${name} may import only: ${[...allowed].join(', ')} (scripts/src/architecture/package-layers.cjs).`,
      from: { path: `^${name}/`, pathNot: testFile },
      to: { path: `^(${[...forbidden, 'bench', 'e2e', 'test-support'].join('|')})/` },
    };
  });
}

module.exports = { PACKAGE_LAYERS, TEST_FILE, packageRules };
