// @vitest-environment node
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFlags } from './flags.server.ts';

async function fileWith(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kyros-flags-'));
  const file = path.join(dir, 'flags.json');
  await writeFile(file, text);
  return file;
}

describe('reading the console flags', () => {
  it('reads both flags from the file', async () => {
    const file = await fileWith('{"demoMode": true, "schedulerEnabled": false}');
    expect((await readFlags(file)).flags).toEqual({ demoMode: true, schedulerEnabled: false });
  });

  it('falls back to the defaults and says why when the file is missing', async () => {
    const reading = await readFlags('/nonexistent/kyros/flags.json');
    expect(reading.flags).toEqual({ demoMode: false, schedulerEnabled: true });
    expect(reading.problem).toContain('not found');
  });

  it('refuses a flag of the wrong type rather than guessing', async () => {
    const reading = await readFlags(await fileWith('{"schedulerEnabled": "no"}'));
    expect(reading.flags.schedulerEnabled).toBe(true);
    expect(reading.problem).toContain('schedulerEnabled');
  });
});
