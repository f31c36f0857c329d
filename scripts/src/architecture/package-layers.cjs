// The allowed edges between the workspace's packages, production code only: a package may import
// itself and the packages listed here, nothing else. The list is a DAG, checked by
// package-layers.test.ts, so the package graph has no cycle. Tests may also import test-support.
const PACKAGE_LAYERS = {
  contracts: [],
  'durable-files': [],
  prisma: ['contracts'],
  workflows: ['contracts'],
  activities: ['contracts', 'prisma', 'durable-files', 'workflows'],
  api: ['contracts', 'prisma', 'durable-files', 'workflows'],
  scripts: ['contracts', 'prisma', 'api'],
  'terminal-daemon': ['contracts'],
  'remix-console': ['contracts'],
};

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

module.exports = { PACKAGE_LAYERS, packageRules };
