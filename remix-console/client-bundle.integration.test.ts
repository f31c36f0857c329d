import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const consoleDir = import.meta.dirname;
const BUILTINS = new Set(builtinModules);

/** Vite's words when a module of the browser graph imports a Node built-in (it stubs it out). */
const EXTERNALIZED = /Module "([^"]+)" has been externalized for browser compatibility/g;

/** Import specifiers in built JavaScript that name a Node built-in (`node:fs`, `fs`, …). */
function nodeImportsIn(code: string): string[] {
  const specifiers = code.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*|\brequire\s*\(\s*)["']([^"']+)["']/g,
  );
  return [...specifiers]
    .map((match) => match[1] ?? '')
    .filter((name) => name.startsWith('node:') || BUILTINS.has(name));
}

function builtFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => path.join(dir, file));
}

describe("the console's client bundle", () => {
  it('recognises a Node import in built code', () => {
    expect(
      nodeImportsIn('import{a as b}from"./x.js";import"node:fs";const p=await import("path");'),
    ).toEqual(['node:fs', 'path']);
    expect(nodeImportsIn('return{node:n,offset:t};const s="node:fs is a string"')).toEqual([]);
  });

  it('built as the Dockerfile builds it, pulls in no Node module', async () => {
    // The same build as `npm run build -w @kyros/console`, into its own (git-ignored) build/.
    // Under vitest NODE_ENV is `test`, which makes Vite stub Node modules silently: build for real.
    const { stdout, stderr } = await promisify(execFile)('npx', ['remix', 'vite:build'], {
      cwd: consoleDir,
      env: { ...process.env, NODE_ENV: 'production', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });

    const externalized = [...`${stdout}\n${stderr}`.matchAll(EXTERNALIZED)].map((m) => m[1]);
    expect(externalized).toEqual([]);
    const files = builtFiles(path.join(consoleDir, 'build', 'client'));
    expect(files.length).toBeGreaterThan(0);
    const imports = files.flatMap((file) =>
      nodeImportsIn(readFileSync(file, 'utf8')).map(
        (name) => `${path.relative(consoleDir, file)} imports ${name}`,
      ),
    );
    expect(imports).toEqual([]);
  });
});
