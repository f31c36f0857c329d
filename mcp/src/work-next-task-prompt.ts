import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export const WORK_NEXT_TASK_PROMPT = 'work-next-task';

/** The agent loop as a prompt: next → claim → work → heartbeat → transition → release. */
export function registerWorkNextTaskPrompt(server: McpServer): void {
  server.registerPrompt(
    WORK_NEXT_TASK_PROMPT,
    {
      title: 'Work the next Kyros task',
      description: 'Take the next free task, do it under a lease, and report as you go.',
      argsSchema: {
        labels: z.string().optional().describe('Comma list: only tasks carrying these labels.'),
      },
    },
    ({ labels }) => {
      const wanted = (labels ?? '')
        .split(',')
        .map((label) => label.trim())
        .filter((label) => label.length > 0);
      return {
        messages: [{ role: 'user', content: { type: 'text', text: agentLoop(wanted) } }],
      };
    },
  );
}

function agentLoop(labels: string[]): string {
  const filter = labels.length > 0 ? ` with {"labels": ${JSON.stringify(labels)}}` : '';
  return [
    'You are one of several agents working on this repository through Kyros. Work one task:',
    `1. Call next_task${filter}. If task is null, report that nothing is free (ready_but_blocked says who holds what) and stop.`,
    '2. Call claim_task with its id. On a conflict another agent got there first: go back to step 1. Keep the lock_ids and the fencing_token it returns.',
    '3. Call transition_task to in_progress with the fencing_token, then do the work. Touch only files covered by your leases; call check_conflicts before touching anything else.',
    '4. Call heartbeat with your lock_ids well before expires_at (every ttl/3). If it is refused, or you receive a lease-lost warning, stop changing files at once and go back to step 2.',
    '5. Report progress with append_event (target the task id, details {task_id, summary}).',
    '6. When the work is done, call transition_task to review with the fencing_token and a short reason.',
    '7. Call release with your lock_ids, also when you give up (then transition the task back to queued first).',
  ].join('\n');
}
