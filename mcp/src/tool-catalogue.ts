import { EVENT_TOOLS } from './tools/event-tools.ts';
import { JOB_TOOLS } from './tools/job-tools.ts';
import { LEASE_TOOLS } from './tools/lease-tools.ts';
import { RUN_TOOLS } from './tools/run-tools.ts';
import { TASK_TOOLS } from './tools/task-tools.ts';
import type { KyrosTool } from './tools/tool-definition.ts';

/** Every Kyros MCP tool, in the order clients list them. */
export const KYROS_TOOLS: readonly KyrosTool[] = [
  ...TASK_TOOLS,
  ...LEASE_TOOLS,
  ...EVENT_TOOLS,
  ...RUN_TOOLS,
  ...JOB_TOOLS,
];
