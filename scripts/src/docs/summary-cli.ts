import { writeFile } from 'node:fs/promises';
import { currentSummary, SUMMARY_FILE } from './summary-sources.ts';

// `npm run docs:summary`: regenerates SUMMARY.md's endpoint and page tables.
const { current, expected } = await currentSummary();
if (current === expected) {
  console.log('SUMMARY.md is current');
} else {
  await writeFile(SUMMARY_FILE, expected);
  console.log('SUMMARY.md: endpoints and pages regenerated');
}
