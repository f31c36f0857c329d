import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, requireServices } from '@kyros/contracts/config';
import type { OpenApiDocument } from './openapi/openapi-document.ts';
import { startApi } from './server.ts';

// The API's public entry for documentation (`@kyros/api/api-document`): the OpenAPI document
// exactly as a running API serves it, from the same wiring as `npm start`, with nothing reachable
// behind it. The database and Temporal are never contacted before a request needs them, so an
// unroutable address for each is enough; the collaboration files go to a temporary directory.

export type { OpenApiDocument } from './openapi/openapi-document.ts';

export async function describeApi(): Promise<OpenApiDocument> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kyros-api-document-'));
  try {
    const config = requireServices(
      loadConfig({
        KYROS_DATA_DIR: dataDir,
        API_URL: 'http://127.0.0.1:8000',
        DATABASE_URL: 'postgresql://kyros@127.0.0.1:9/unreachable',
        TEMPORAL_ADDRESS: '127.0.0.1:9',
        KYROS_JWT_SECRET: 'documentation-only-secret-never-used-to-sign',
        LOG_LEVEL: 'silent',
      }),
    );
    const api = await startApi(config, { port: 0 });
    try {
      const response = await fetch(`${api.url}/openapi.json`);
      if (!response.ok) throw new Error(`GET /openapi.json answered ${response.status}`);
      return (await response.json()) as OpenApiDocument;
    } finally {
      await api.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
