import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import * as runtime from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';
import { readMigrationsDirectory } from './migrations-directory.ts';

const require = createRequire(import.meta.url);

/**
 * Prisma's schema engine compiled to WebAssembly (the same engine commit as the native binary of
 * Prisma 7.10, shipped in an npm package, so no download). It is an internal Prisma package with
 * no stability promise, so Kyros uses it only in tests, as the referee that our migrations and our
 * runner's bookkeeping are what Prisma itself produces and accepts.
 */
export interface WasmSchemaEngine {
  engine: SchemaEngine;
  close: () => Promise<void>;
}

let initialised: Promise<void> | undefined;

// The libs in tsconfig declare WebAssembly's types but not its global value; this is the part used.
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
}
const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

// What the package's own entry does with a bundler's wasm import, done by hand for Node.
async function initialise(): Promise<void> {
  const glue = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const module = new wasmApi.Module(await readFile(glue.replace(/\.js$/, '.wasm')));
  const instance = new wasmApi.Instance(module, { './schema_engine_bg.js': { ...runtime } });
  runtime.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start !== 'function') throw new Error('schema engine wasm has no __wbindgen_start');
  (start as () => void)();
}

export async function openWasmSchemaEngine(
  connectionString: string,
  schema: string,
): Promise<WasmSchemaEngine> {
  initialised ??= initialise();
  await initialised;
  const pool = new pg.Pool({ connectionString, max: 1 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const engine = await runtime.SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    () => {},
    adapter,
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await pool.end();
    },
  };
}

/** The migrations directory as the Prisma CLI hands it to the engine. */
export async function readMigrationList(dir: string): Promise<MigrationList> {
  const directory = await readMigrationsDirectory(dir);
  const lock = await readFile(`${dir}/migration_lock.toml`, 'utf8');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lock },
    shadowDbInitScript: '',
    migrationDirectories: directory.migrations.map((migration) => ({
      path: migration.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: migration.script } },
    })),
  };
}

export const noSchemaFilter = { externalTables: [], externalEnums: [] };
