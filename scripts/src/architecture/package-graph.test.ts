import { describe, expect, it } from 'vitest';
import { mermaid, packageEdges } from './package-graph.ts';

const dep = (resolved: string, ...dependencyTypes: string[]) => ({ resolved, dependencyTypes });

describe('packageEdges', () => {
  it('collapses modules to packages, skipping tests, self edges and outside modules', () => {
    const edges = packageEdges(
      [
        {
          source: 'api/src/app.ts',
          dependencies: [
            dep('contracts/src/jobs.ts', 'import'),
            dep('api/src/http/parse.ts', 'local'),
            dep('node_modules/express/index.js', 'npm'),
          ],
        },
        { source: 'api/src/app.test.ts', dependencies: [dep('test-support/src/x.ts', 'import')] },
        {
          source: 'workflows/src/flow.ts',
          dependencies: [dep('activities/src/activities.ts', 'type-only', 'import')],
        },
      ],
      ['api', 'contracts', 'workflows', 'activities', 'test-support'],
    );
    expect(edges).toEqual([
      { from: 'api', to: 'contracts', typeOnly: false },
      { from: 'workflows', to: 'activities', typeOnly: true },
    ]);
  });

  it('counts an edge as type-only only when every import along it is', () => {
    const edges = packageEdges(
      [
        {
          source: 'api/src/a.ts',
          dependencies: [
            dep('contracts/src/x.ts', 'type-only'),
            dep('contracts/src/y.ts', 'import'),
          ],
        },
      ],
      ['api', 'contracts'],
    );
    expect(edges).toEqual([{ from: 'api', to: 'contracts', typeOnly: false }]);
    expect(mermaid(edges)).toBe('```mermaid\nflowchart TD\n  api --> contracts\n```');
  });
});
