import type { ExecutorName } from '@kyros/contracts/schemas/executors';
import {
  TOOL_DESCRIPTIONS,
  toolConfigJsonSchema,
  toolKind,
  type Tool,
} from '@kyros/contracts/schemas/tools';
import { toolEtag } from './domain/tool-etag.ts';

/** A `tools` row of an allowlisted tool, as the operations return it. */
export interface StoredTool {
  name: ExecutorName;
  description: string | null;
  enabled: boolean;
  config: unknown;
  version: number;
  updatedAt: Date;
}

/** The API's representation of a tool, with the JSON Schema its options follow. */
export function toolBody(row: StoredTool): Tool {
  return {
    name: row.name,
    kind: toolKind(row.name),
    description: row.description ?? TOOL_DESCRIPTIONS[row.name],
    enabled: row.enabled,
    config: isRecord(row.config) ? row.config : {},
    config_schema: toolConfigJsonSchema(row.name),
    version: row.version,
    etag: toolEtag(row.version),
    updated_at: row.updatedAt.toISOString(),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
