import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cruise, type IConfiguration, type IViolation } from 'dependency-cruiser';
import { afterEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../../../.dependency-cruiser.cjs') as IConfiguration;
const { PACKAGE_LAYERS } = require('./package-layers.cjs') as {
  PACKAGE_LAYERS: Record<string, string[]>;
};

let fixtureDir: string | undefined;
afterEach(() => {
  if (fixtureDir) rmSync(fixtureDir, { recursive: true, force: true });
  fixtureDir = undefined;
});

/** Runs the project's rules over a small tree of files laid out like the workspace. */
async function violationsIn(files: Record<string, string>): Promise<string[]> {
  fixtureDir = mkdtempSync(path.join(tmpdir(), 'kyros-depcruise-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(fixtureDir, file)), { recursive: true });
    writeFileSync(path.join(fixtureDir, file), text);
  }
  const roots = [...new Set(Object.keys(files).map((file) => file.split('/')[0] ?? file))];
  const result = await cruise(roots, {
    baseDir: fixtureDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden ?? [] },
    tsPreCompilationDeps: true,
  });
  if (typeof result.output === 'string') throw new Error('expected a cruise result object');
  const violations: IViolation[] = result.output.summary.violations;
  return violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('the dependency rules', () => {
  it('pass a tree that follows the layers', async () => {
    expect(
      await violationsIn({
        'contracts/src/jobs.ts': 'export const x = 1;\n',
        'api/src/routes.ts':
          "import { x } from '../../contracts/src/jobs.ts';\nexport const y = x;\n",
      }),
    ).toEqual([]);
  });

  it('fail on a deliberately added cycle between two packages', async () => {
    const violations = await violationsIn({
      'contracts/src/jobs.ts':
        "import { y } from '../../api/src/routes.ts';\nexport const x = y;\n",
      'api/src/routes.ts':
        "import { x } from '../../contracts/src/jobs.ts';\nexport const y = x;\n",
    });
    expect(violations.filter((v) => v.startsWith('no-circular:'))).toHaveLength(1);
    expect(violations).toContain(
      'package-layers/contracts: contracts/src/jobs.ts → api/src/routes.ts',
    );
  });

  it('fail when workflow code imports a module with side effects', async () => {
    const violations = await violationsIn({
      'workflows/src/flow.ts':
        "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
      'workflows/src/typed.ts':
        "import type { Plan } from '../../activities/src/plan.ts';\nexport type P = Plan;\n",
      'workflows/src/routes.ts':
        "import type { Route } from '../../api/src/route.ts';\nexport type R = Route;\n",
      'activities/src/plan.ts': 'export type Plan = { id: string };\n',
      'api/src/route.ts': 'export type Route = { path: string };\n',
    });
    expect(violations).toContain('workflow-code-is-deterministic: workflows/src/flow.ts → fs');
    // The activities' types are what workflow code is allowed to import.
    expect(violations.filter((v) => v.includes('typed.ts'))).toEqual([]);
    // Type-only is fine for the sandbox, but the package edge still counts for the layering.
    expect(violations).toContain(
      'package-layers/workflows: workflows/src/routes.ts → api/src/route.ts',
    );
    expect(violations).not.toContain(
      'workflow-code-is-deterministic: workflows/src/routes.ts → api/src/route.ts',
    );
  });

  it('fail when the API imports activities at run time, or production code imports test-support', async () => {
    const violations = await violationsIn({
      'activities/src/worker.ts': 'export const w = 1;\n',
      'test-support/src/stack.ts': 'export const s = 1;\n',
      'api/src/main.ts':
        "import { w } from '../../activities/src/worker.ts';\nimport { s } from '../../test-support/src/stack.ts';\nexport const m = w + s;\n",
      'api/src/main.test.ts':
        "import { s } from '../../test-support/src/stack.ts';\nexport const t = s;\n",
    });
    expect(violations).toContain('api-runs-no-worker: api/src/main.ts → activities/src/worker.ts');
    expect(violations).toContain(
      'test-support-only-in-tests: api/src/main.ts → test-support/src/stack.ts',
    );
    expect(violations.filter((v) => v.includes('main.test.ts'))).toEqual([]);
  });

  it('fail when code that reaches the browser bundle imports Node, directly or through contracts', async () => {
    const violations = await violationsIn({
      'contracts/src/node/config.ts':
        "import path from 'node:path';\nexport const c = path.sep;\nexport type C = string;\n",
      'contracts/src/schemas/jobs.ts':
        "import { c } from '../node/config.ts';\nexport const j = c;\n",
      'contracts/src/schemas/tasks.ts':
        "import { createHash } from 'node:crypto';\nexport const t = createHash;\n",
      'remix-console/app/routes/jobs.tsx': [
        "import { readFileSync } from 'node:fs';",
        "import { c } from '../../../contracts/src/node/config.ts';",
        "import { j } from '../../../contracts/src/schemas/jobs.ts';",
        'export const r = [readFileSync, c, j];',
      ].join('\n'),
      'remix-console/app/lib/files.server.ts': [
        "import { readFileSync } from 'node:fs';",
        "import { c } from '../../../contracts/src/node/config.ts';",
        'export const f = [readFileSync, c];',
      ].join('\n'),
      'remix-console/app/lib/typed.ts': [
        "import type { Stats } from 'node:fs';",
        "import type { C } from '../../../contracts/src/node/config.ts';",
        'export type T = [Stats, C];',
      ].join('\n'),
      'remix-console/app/routes/jobs.test.ts':
        "import { readFileSync } from 'node:fs';\nexport const t = readFileSync;\n",
    });
    expect(violations).toEqual(
      expect.arrayContaining([
        'browser-code-has-no-node-builtins: remix-console/app/routes/jobs.tsx → fs',
        'browser-code-has-no-node-contracts: remix-console/app/routes/jobs.tsx → contracts/src/node/config.ts',
        'browser-code-has-no-node-contracts: contracts/src/schemas/jobs.ts → contracts/src/node/config.ts',
        'browser-code-has-no-node-builtins: contracts/src/schemas/tasks.ts → crypto',
      ]),
    );
    // *.server.ts modules, tests, type-only imports and contracts/src/node/ itself may use Node.
    expect(
      violations.filter((v) => /files\.server|jobs\.test|typed\.ts|config\.ts → /.test(v)),
    ).toEqual([]);
  });

  it('fail when scripts or bench reach past the public entries of the API; test-support may', async () => {
    const violations = await violationsIn({
      'api/src/bootstrap.ts': 'export const b = 1;\n',
      'api/src/auth/operations/ensure-admin.ts': 'export const e = 1;\n',
      'scripts/src/start.ts':
        "import { b } from '../../api/src/bootstrap.ts';\nexport const s = b;\n",
      'scripts/src/seed.ts':
        "import { e } from '../../api/src/auth/operations/ensure-admin.ts';\nexport const s = e;\n",
      'bench/collab/run.ts':
        "import { e } from '../../api/src/auth/operations/ensure-admin.ts';\nexport const r = e;\n",
      'test-support/src/auth.ts':
        "import { e } from '../../api/src/auth/operations/ensure-admin.ts';\nexport const t = e;\n",
    });
    expect(violations.filter((v) => v.startsWith('api-public-entries-only:'))).toEqual([
      'api-public-entries-only: bench/collab/run.ts → api/src/auth/operations/ensure-admin.ts',
      'api-public-entries-only: scripts/src/seed.ts → api/src/auth/operations/ensure-admin.ts',
    ]);
  });
});

describe('the package layers', () => {
  it('form a graph without cycles', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, trail: string[]): void => {
      if (done.has(name)) return;
      if (visiting.has(name)) throw new Error(`cycle: ${[...trail, name].join(' → ')}`);
      visiting.add(name);
      for (const next of PACKAGE_LAYERS[name] ?? []) visit(next, [...trail, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of Object.keys(PACKAGE_LAYERS)) visit(name, []);
    expect(done.size).toBe(Object.keys(PACKAGE_LAYERS).length);
  });
});
