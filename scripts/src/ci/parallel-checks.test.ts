import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { runChecks, type Check } from './parallel-checks.ts';

const node = (name: string, script: string): Check => ({
  name,
  command: process.execPath,
  args: ['-e', script],
});

describe('runChecks', () => {
  it('runs every check, even after one fails, and reports each with its own output in order', async () => {
    const done: string[] = [];
    const results = await runChecks(
      [
        node('slow-pass', 'setTimeout(() => console.log("slow ok"), 150)'),
        node('fail', 'console.error("broken"); process.exit(3)'),
        node('pass', 'console.log("fine")'),
      ],
      { parallel: 2, cwd: os.tmpdir(), onDone: (result) => done.push(result.name) },
    );
    expect(
      results.map(({ name, code, output }) => ({ name, code, output: output.trim() })),
    ).toEqual([
      { name: 'slow-pass', code: 0, output: 'slow ok' },
      { name: 'fail', code: 3, output: 'broken' },
      { name: 'pass', code: 0, output: 'fine' },
    ]);
    expect(done).toHaveLength(3);
  });

  it('never runs more than `parallel` at once', async () => {
    // Each check holds a marker file while it runs and fails if it sees more than one other holder.
    const dir = os.tmpdir();
    const tag = `kyros-checks-${process.pid}-${Date.now()}`;
    const script = (i: number) => `
      const fs = require('node:fs'); const path = require('node:path');
      const mine = path.join(${JSON.stringify(dir)}, ${JSON.stringify(tag)} + '-${i}');
      fs.writeFileSync(mine, '');
      const others = () => fs.readdirSync(${JSON.stringify(dir)}).filter((f) => f.startsWith(${JSON.stringify(tag)}));
      let most = 0;
      const timer = setInterval(() => { most = Math.max(most, others().length); }, 5);
      setTimeout(() => { clearInterval(timer); fs.rmSync(mine); process.exit(most > 2 ? 9 : 0); }, 120);`;
    const results = await runChecks(
      Array.from({ length: 5 }, (_, i) => node(`c${i}`, script(i))),
      { parallel: 2, cwd: dir },
    );
    expect(results.map((result) => result.code)).toEqual([0, 0, 0, 0, 0]);
  });

  it('reports a command that cannot start as a failure, not a crash', async () => {
    const [result] = await runChecks(
      [{ name: 'missing', command: '/nonexistent/kyros-check', args: [] }],
      { parallel: 1, cwd: os.tmpdir() },
    );
    expect(result?.code).toBe(127);
    expect(result?.output).toContain('/nonexistent/kyros-check');
  });
});
