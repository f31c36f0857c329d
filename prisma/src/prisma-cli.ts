import { spawn } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The `prisma/` workspace directory: schema.prisma, prisma.config.ts, migrations/. */
export const prismaPackageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const prismaConfigPath = path.join(prismaPackageDir, 'prisma.config.ts');
export const defaultMigrationsDir = path.join(prismaPackageDir, 'migrations');

/**
 * Stands in for the schema engine binary so the Prisma CLI starts without downloading one
 * (it insists on the binary for every command, even `generate`, which never calls it).
 */
export const schemaEngineStubPath = path.join(prismaPackageDir, 'engine-stub', 'schema-engine');

function isRealFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isStub(file: string): boolean {
  return (
    existsSync(schemaEngineStubPath) && realpathSync(file) === realpathSync(schemaEngineStubPath)
  );
}

/**
 * Finds a real Prisma schema engine binary: the one named by `explicitPath` (Prisma's own
 * PRISMA_SCHEMA_ENGINE_BINARY, passed in by the entrypoint), else the one `@prisma/engines`
 * downloads on install where the network allows it. Our stub never counts.
 */
export function findSchemaEngineBinary(explicitPath?: string): string | undefined {
  if (explicitPath) {
    const resolved = path.resolve(explicitPath);
    return isRealFile(resolved) && !isStub(resolved) ? resolved : undefined;
  }
  const enginesDir = path.dirname(require.resolve('@prisma/engines/package.json'));
  const found = readdirSync(enginesDir).find(
    (name) => /^schema-engine-[\w.-]+?(\.exe)?$/.test(name) && !/\.(gz|sha256|sig|tmp)$/.test(name),
  );
  return found && isRealFile(path.join(enginesDir, found))
    ? path.join(enginesDir, found)
    : undefined;
}

export interface PrismaCliResult {
  code: number;
  output: string;
}

/**
 * Runs the Prisma CLI of this workspace with our config. Without a schema engine binary the CLI
 * gets the stub, and it never phones home (no update check, no telemetry): this machine is offline.
 */
export async function runPrismaCli(
  args: string[],
  options: { schemaEngineBinary?: string; env?: Record<string, string>; echo?: boolean } = {},
): Promise<PrismaCliResult> {
  const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
  if (!existsSync(cli)) throw new Error(`Prisma CLI not found at ${cli}; run npm ci`);
  const child = spawn(process.execPath, [cli, ...args, '--config', prismaConfigPath], {
    cwd: prismaPackageDir,
    env: {
      ...process.env,
      ...options.env,
      PRISMA_SCHEMA_ENGINE_BINARY: options.schemaEngineBinary ?? schemaEngineStubPath,
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (options.echo) stream.write(chunk);
  };
  child.stdout.on('data', collect(process.stdout));
  child.stderr.on('data', collect(process.stderr));
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve(exitCode ?? 1));
  });
  return { code, output };
}
