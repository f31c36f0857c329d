import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startProductUnderLoad,
  type ProductUnderLoad,
} from '@kyros/test-support/stacks/product-under-load';
import { PROJECT_ROOT } from '@kyros/test-support/temporal/test-temporal';
import { CONTRACT_FUZZ_DEFAULTS, runContractFuzz } from './run-contract-fuzz.ts';

// The contract holds (issue 15): Schemathesis, every check and phase (stateful included), against
// the whole product as `npm start` runs it. KYROS_FUZZ_SEED / KYROS_FUZZ_EXAMPLES rerun a reported
// run or widen it (docs/TESTING.md, "Contract fuzzing").
const seed = Number(process.env.KYROS_FUZZ_SEED ?? CONTRACT_FUZZ_DEFAULTS.seed);
const maxExamples = Number(process.env.KYROS_FUZZ_EXAMPLES ?? CONTRACT_FUZZ_DEFAULTS.maxExamples);

describe('the OpenAPI contract under Schemathesis', () => {
  let product: ProductUnderLoad;

  beforeAll(async () => {
    product = await startProductUnderLoad({ files: 0 });
  }, 240_000);
  afterAll(async () => {
    await product?.stop();
  });

  it('reports no failure and no error: every documented input accepted, every answer as documented', async () => {
    const reportDir = await mkdtemp(path.join(os.tmpdir(), 'kyros-fuzz-'));
    const result = await runContractFuzz({
      projectRoot: PROJECT_ROOT,
      apiUrl: product.apiUrl,
      token: product.token,
      reportDir,
      seed,
      maxExamples,
    });
    const found = result.report.failures.map(
      (f) => `${f.code} ${f.title}: ${f.operations.join(', ')}`,
    );
    const verdict = `${result.output}\nReport: ${reportDir}\nRerun: ${result.reproduce}`;
    expect(found, verdict).toEqual([]);
    expect(result.report.errors, verdict).toEqual([]);
    expect(result.exitCode, verdict).toBe(0);
    // Bounded, yet it reached something: a document that silently generated nothing would pass.
    expect(result.report.test_cases.generated).toBeGreaterThan(500);
    await rm(reportDir, { recursive: true, force: true });
  }, 420_000);
});
