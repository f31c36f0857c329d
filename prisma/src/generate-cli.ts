import { findSchemaEngineBinary, runPrismaCli } from './prisma-cli.ts';

// `npm run db:generate` (and the root postinstall): writes Prisma Client to prisma/generated.
// Generation itself needs no engine binary; the CLI only insists that one exists, so without a real
// one it gets the stub (runPrismaCli's default) and nothing is downloaded.

const engine = findSchemaEngineBinary(process.env.PRISMA_SCHEMA_ENGINE_BINARY);
const result = await runPrismaCli(['generate'], { schemaEngineBinary: engine, echo: true });
if (result.code !== 0) {
  console.error(`db:generate failed: prisma generate exited with code ${result.code}`);
  process.exitCode = result.code;
}
