import type { ExecutorName } from '@kyros/contracts/schemas/executors';
import { parseToolConfig, type UpdateToolRequest } from '@kyros/contracts/schemas/tools';
import type { FieldError } from '../../errors/app-error.ts';
import { canonicalJson } from '../../collab/domain/canonical-json.ts';
import type { ToolRow } from './runnable-tool.ts';

/** One audit row of an update: `tool.enabled`, `tool.disabled` or `tool.configured`. */
export interface ToolAuditAction {
  action: 'tool.enabled' | 'tool.disabled' | 'tool.configured';
  payload: Record<string, unknown>;
}

export type ToolUpdatePlan =
  | {
      ok: true;
      changes: { enabled?: boolean; config?: Record<string, unknown> };
      audit: ToolAuditAction[];
    }
  | { ok: false; errors: FieldError[] };

/**
 * What an update changes and the audit rows it owes: `config` replaces the whole config and must
 * pass the tool's schema; fields equal to the current ones change nothing (and audit nothing).
 */
export function planToolUpdate(
  name: ExecutorName,
  current: Pick<ToolRow, 'enabled' | 'config'>,
  request: UpdateToolRequest,
): ToolUpdatePlan {
  const changes: { enabled?: boolean; config?: Record<string, unknown> } = {};
  const audit: ToolAuditAction[] = [];
  if (request.config !== undefined) {
    const parsed = parseToolConfig(name, request.config);
    if (!parsed.success) {
      return {
        ok: false,
        errors: parsed.error.issues.map((issue) => ({
          path: ['config', ...issue.path.map(String)].join('.'),
          message: issue.message,
        })),
      };
    }
    if (canonicalJson(parsed.data) !== canonicalJson(current.config)) {
      changes.config = parsed.data;
      audit.push({ action: 'tool.configured', payload: { from: current.config, to: parsed.data } });
    }
  }
  if (request.enabled !== undefined && request.enabled !== current.enabled) {
    changes.enabled = request.enabled;
    audit.push({ action: request.enabled ? 'tool.enabled' : 'tool.disabled', payload: {} });
  }
  return { ok: true, changes, audit };
}
