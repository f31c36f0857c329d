import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { KYROS_TOOLS } from './tool-catalogue.ts';
import { renderToolReference, withToolReference } from './tool-reference.ts';

// `npm run docs:mcp`: writes the tool reference of docs/MCP.md from the tools' schemas.
const file = fileURLToPath(new URL('../../docs/MCP.md', import.meta.url));
const current = await readFile(file, 'utf8');
const updated = withToolReference(current, renderToolReference(KYROS_TOOLS));
await writeFile(file, await format(updated, { ...(await resolveConfig(file)), filepath: file }));
console.log('docs/MCP.md: tool reference regenerated from the tool schemas');
