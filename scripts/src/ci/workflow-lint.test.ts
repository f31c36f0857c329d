import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  lintWorkflows,
  missingWorkflows,
  readWorkflows,
  REQUIRED_WORKFLOWS,
} from './workflow-lint.ts';

const workflowsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '.github',
  'workflows',
);

describe('workflow lint', () => {
  it('finds an undefined context property and a job that needs a missing job', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    needs: [build]',
      '    steps:',
      '      - run: echo ${{ github.no_such_property }}',
    ].join('\n');
    const findings = await lintWorkflows([{ name: 'broken.yml', text: broken }]);
    expect(findings.map((finding) => finding.kind).sort()).toEqual(['expression', 'job-needs']);
    expect(findings.every((finding) => finding.file === 'broken.yml')).toBe(true);
  });

  it('passes every workflow in .github/workflows, and all six required ones are there', async () => {
    const files = await readWorkflows(workflowsDir);
    expect(missingWorkflows(files)).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(REQUIRED_WORKFLOWS.length);
    expect(await lintWorkflows(files)).toEqual([]);
  });

  it('names the required workflows that have no file', () => {
    expect(missingWorkflows([{ name: '.github/workflows/backend-tests.yml' }])).toHaveLength(5);
  });
});
