import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startThrowawayPostgres } from '../postgres/throwaway-postgres.ts';
import { schemaPath } from '@kyros/db/expected-schema';
import { defaultMigrationsDir, prismaPackageDir } from '@kyros/db/prisma-cli';
import { noSchemaFilter, openWasmSchemaEngine } from '@kyros/db/wasm-schema-engine';

// Stands in for `prisma migrate dev --create-only`, which needs the schema engine binary:
//   npx tsx scripts/src/db/draft-migration-cli.ts <name> [--from <git-ref or file>]
// writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL Prisma's engine (its
// WebAssembly build) generates from schema.prisma at <git-ref> (default HEAD), or from a schema
// file, to the working copy.
// Read it, then `npm run db:migrate`; the schema test checks the result.

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { from: { type: 'string', default: 'HEAD' } },
});
const name = positionals[0];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: draft-migration-cli.ts <snake_case_name> [--from <git-ref or file>]');
  process.exit(2);
}

const relativeSchema = path.relative(path.resolve(prismaPackageDir, '..'), schemaPath);
const previous = existsSync(values.from)
  ? await readFile(values.from, 'utf8')
  : execFileSync('git', ['show', `${values.from}:${relativeSchema}`], {
      cwd: prismaPackageDir,
      encoding: 'utf8',
    });
const current = await readFile(schemaPath, 'utf8');

// The engine insists on a database connection even to compare two schema files.
const scratch = await startThrowawayPostgres();
try {
  const { engine, close } = await openWasmSchemaEngine(scratch.server.url, current);
  try {
    const { stdout } = await engine.diff({
      from: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: previous }] },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: current }] },
      script: true,
      exitCode: null,
      filters: noSchemaFilter,
    });
    const script = stdout ?? '';
    if (script.trim() === '' || script.trim() === '-- This is an empty migration.') {
      console.log(`schema.prisma has not changed since ${values.from}: nothing to draft.`);
    } else {
      const timestamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
      const dir = path.join(defaultMigrationsDir, `${timestamp}_${name}`);
      await mkdir(dir);
      await writeFile(path.join(dir, 'migration.sql'), script);
      console.log(`Wrote ${path.relative(process.cwd(), path.join(dir, 'migration.sql'))}`);
    }
  } finally {
    await close();
  }
} finally {
  await scratch.close();
}
