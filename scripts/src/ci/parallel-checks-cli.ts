import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChecks, type Check } from './parallel-checks.ts';

// `npm run checks` (the first step of `npm test`): format, lint (ESLint, dependency rules, the
// CI workflows) and both typechecks, as many at once as the machine has cores. Each is one
// single-threaded process, so on two cores this takes about half as long as running them in turn.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const npm = (script: string): Check => ({ name: script, command: 'npm', args: ['run', script] });
const CHECKS: Check[] = [
  npm('lint:eslint'),
  npm('typecheck:api'),
  npm('typecheck:console'),
  npm('format:check'),
  npm('lint:deps'),
  npm('lint:workflows'),
];

const results = await runChecks(CHECKS, {
  parallel: os.availableParallelism(),
  cwd: root,
  onDone: (result) =>
    console.log(
      `${result.code === 0 ? 'ok  ' : 'FAIL'} ${result.name} (${(result.ms / 1000).toFixed(1)} s)`,
    ),
});
const failed = results.filter((result) => result.code !== 0);
for (const result of failed)
  console.error(`\n--- ${result.name} (exit ${result.code}) ---\n${result.output}`);
if (failed.length > 0) {
  console.error(
    `${failed.length} of ${results.length} checks failed: ${failed.map((r) => r.name).join(', ')}`,
  );
  process.exit(1);
}
console.log(`all ${results.length} checks passed`);
