import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { locateSchemathesis, schemathesisCommand } from './schemathesis-tool.ts';

/** What the contract test runs in `npm test`: bounded, seeded, every check, every phase. */
export const CONTRACT_FUZZ_DEFAULTS = {
  seed: 20261206,
  maxExamples: 2,
  phases: ['examples', 'coverage', 'fuzzing', 'stateful'],
} as const;

export interface ContractFuzzOptions {
  projectRoot: string;
  /** The API's base URL; its `/openapi.json` is the document under test. */
  apiUrl: string;
  /** An admin's bearer token: the fuzzer reaches every operation as the strongest role. */
  token: string;
  /** Where the JSON report goes (and st's own output, `st-output.txt`). */
  reportDir: string;
  seed?: number;
  maxExamples?: number;
  onProgress?: (line: string) => void;
}

const Report = z.object({
  seed: z.number().nullable(),
  exit_code: z.number(),
  running_time: z.number(),
  test_cases: z.object({ generated: z.number(), unique_failures: z.number() }),
  failures: z.array(
    z.object({ code: z.string(), title: z.string(), operations: z.array(z.string()) }),
  ),
  errors: z.array(z.object({ title: z.string(), count: z.number() })),
});

export interface ContractFuzzResult {
  exitCode: number | null;
  report: z.infer<typeof Report>;
  /** st's console output: each failure with its `curl` and `st replay` reproduction. */
  output: string;
  /** The command that reruns exactly this run (same seed, same bound). */
  reproduce: string;
}

/** Runs Schemathesis (`st run`) against a live API with scripts/contract/schemathesis.toml. */
export async function runContractFuzz(options: ContractFuzzOptions): Promise<ContractFuzzResult> {
  const st = await locateSchemathesis(options.projectRoot, options.onProgress);
  const seed = options.seed ?? CONTRACT_FUZZ_DEFAULTS.seed;
  const maxExamples = options.maxExamples ?? CONTRACT_FUZZ_DEFAULTS.maxExamples;
  await mkdir(options.reportDir, { recursive: true });
  const runArgs = [
    'run',
    `${options.apiUrl}/openapi.json`,
    '--phases',
    CONTRACT_FUZZ_DEFAULTS.phases.join(','),
    '--seed',
    String(seed),
    '--max-examples',
    String(maxExamples),
    '--report',
    'json',
    '--report-dir',
    options.reportDir,
  ];
  const configFile = path.join(options.projectRoot, 'scripts', 'contract', 'schemathesis.toml');
  const { command, args } = schemathesisCommand(st);
  const child = spawn(command, [...args, '--config-file', configFile, '--no-color', ...runArgs], {
    cwd: options.reportDir,
    env: { ...process.env, KYROS_FUZZ_TOKEN: options.token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  }
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const reportFile = (await readdir(options.reportDir)).find((name) => name.startsWith('json-'));
  if (!reportFile) throw new Error(`st wrote no JSON report (exit ${exitCode}):\n${output}`);
  const report = Report.parse(
    JSON.parse(await readFile(path.join(options.reportDir, reportFile), 'utf8')),
  );
  const reproduce = `KYROS_FUZZ_SEED=${seed} KYROS_FUZZ_EXAMPLES=${maxExamples} npx vitest run --project integration scripts/src/contract`;
  return { exitCode, report, output, reproduce };
}
