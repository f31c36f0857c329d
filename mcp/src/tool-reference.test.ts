import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { KYROS_TOOLS } from './tool-catalogue.ts';
import { renderToolReference, withToolReference } from './tool-reference.ts';

const DOC = fileURLToPath(new URL('../../docs/MCP.md', import.meta.url));

describe('the tool reference in docs/MCP.md', () => {
  it('is what the tool schemas generate (npm run docs:mcp && npm run format when this fails)', async () => {
    const current = await readFile(DOC, 'utf8');
    const generated = await format(withToolReference(current, renderToolReference(KYROS_TOOLS)), {
      ...(await resolveConfig(DOC)),
      filepath: DOC,
    });
    expect(current).toBe(generated);
  });

  it('names every tool once', () => {
    const reference = renderToolReference(KYROS_TOOLS);
    for (const tool of KYROS_TOOLS) {
      expect(reference.split(`### \`${tool.name}\``)).toHaveLength(2);
    }
  });
});
