import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CollabClient } from '@kyros/contracts/client';
import type { ClaimTaskResponse, NextTaskResponse } from '@kyros/contracts/schemas/collab-dispatch';
import type { CollabEvent, EventsPage } from '@kyros/contracts/schemas/collab-events';
import { resourcesOverlap } from '@kyros/api/resource-glob';
import { nowMs, round, summariseLatencies, type LatencySummary } from '../collab/latency-stats.ts';
import { actorOf, agentHeaders, callTool, mcpSession, ToolError } from './mcp-session.ts';

const LABEL = 'mcp-bench-agents';

export interface AgentSessionsResult {
  sessions: number;
  tasks: number;
  /** Distinct globs; two tasks share each, so half the sessions must wait for a release. */
  globs: number;
  completed: number;
  failures: string[];
  /** Claims refused with 409 because another session won the race; each loser tried again. */
  lostRaces: number;
  loop: LatencySummary;
  wallMs: number;
  audit: LeaseAudit;
}

export interface LeaseAudit {
  /** Lease events replayed from the log, in commit order. */
  leaseEvents: number;
  /** A grant while an overlapping lease was still active: must be 0. */
  doubleHeld: number;
  /** Tasks in progress at the end, each with a different assignee who is its session. */
  tasksInProgress: number;
  distinctAssignees: number;
  leasesLeft: number;
}

/**
 * `sessions` MCP sessions at once, each as its own agent, each doing the agent loop once:
 * next_task → claim_task (a lost race goes back to next_task) → heartbeat → append_event →
 * transition_task → release. When no task is free it waits on read_events for a release.
 */
export async function runAgentSessions(options: {
  url: string;
  rest: CollabClient;
  sessions: number;
  deadlineMs: number;
}): Promise<AgentSessionsResult> {
  const { url, rest, sessions } = options;
  const globs = Math.ceil(sessions / 2);
  const taskIds: string[] = [];
  for (let index = 0; index < sessions; index += 1) {
    const task = await rest.createTask({
      title: `agent work ${index}`,
      labels: [LABEL],
      resources: [`bench/agents/${index % globs}/**`],
    });
    taskIds.push(task.id);
  }
  const { next_after: startCursor } = await rest.latestEvents({ limit: 1 });
  const names = Array.from({ length: sessions }, (_, index) => `mcp-agent-${index}`);
  const clients = await Promise.all(names.map((name) => mcpSession(url, agentHeaders(name))));
  let lostRaces = 0;
  const failures: string[] = [];
  const loops: number[] = [];
  const deadline = Date.now() + options.deadlineMs;
  const start = nowMs();

  const agentLoop = async (client: Client): Promise<void> => {
    const loopStart = nowMs();
    let cursor = startCursor;
    while (Date.now() < deadline) {
      const next = await callTool<NextTaskResponse>(client, 'next_task', { labels: [LABEL] });
      if (!next.task) {
        const page = await callTool<EventsPage>(client, 'read_events', {
          after: cursor,
          type: ['lease_released'],
          wait: 5,
        });
        cursor = page.next_after;
        continue;
      }
      const id = next.task.id;
      let claim: ClaimTaskResponse;
      try {
        claim = await callTool<ClaimTaskResponse>(client, 'claim_task', { id, ttl_seconds: 300 });
      } catch (error) {
        if (error instanceof ToolError && error.status === 409) {
          lostRaces += 1;
          continue;
        }
        throw error;
      }
      const lockIds = claim.leases.map((grant) => grant.lock_id);
      await callTool(client, 'heartbeat', { lock_ids: lockIds, ttl_seconds: 300 });
      await callTool(client, 'append_event', {
        event: 'work_progress',
        target: id,
        details: { task_id: id, summary: 'bench' },
      });
      await callTool(client, 'transition_task', {
        id,
        to: 'in_progress',
        fencing_token: claim.fencing_token,
      });
      await callTool(client, 'release', { lock_ids: lockIds });
      loops.push(nowMs() - loopStart);
      return;
    }
    throw new Error('no task claimed before the deadline');
  };

  const outcomes = await Promise.allSettled(clients.map((client) => agentLoop(client)));
  const wallMs = nowMs() - start;
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') failures.push(String(outcome.reason));
  }
  await Promise.allSettled(clients.map((client) => client.close()));
  return {
    sessions,
    tasks: taskIds.length,
    globs,
    completed: loops.length,
    failures,
    lostRaces,
    loop: summariseLatencies(loops),
    wallMs: round(wallMs),
    audit: await auditLeases(rest, startCursor, taskIds, new Set(names.map(actorOf))),
  };
}

/**
 * Replays every lease event after `after` in log order: a grant must never overlap a lease that is
 * still active. Then reads the state: each task in progress with its own agent, no lease left.
 */
async function auditLeases(
  rest: CollabClient,
  after: number,
  taskIds: string[],
  agents: Set<string>,
): Promise<LeaseAudit> {
  const events: CollabEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await rest.listEvents({
      after: cursor,
      limit: 1000,
      type: ['lease_granted', 'lease_released', 'lease_reclaimed', 'lease_lost'],
    });
    events.push(...page.events);
    if (page.events.length === 0) break;
    cursor = page.next_after;
  }
  const active = new Map<string, string>();
  let doubleHeld = 0;
  for (const event of events) {
    const lockId = typeof event.details.lock_id === 'string' ? event.details.lock_id : event.target;
    if (event.event === 'lease_granted') {
      const resource = String(event.details.resource);
      for (const held of active.values()) if (resourcesOverlap(held, resource)) doubleHeld += 1;
      active.set(lockId, resource);
    } else {
      active.delete(lockId);
    }
  }
  const tasks = (await rest.getState('tasks')).data.tasks.filter((task) =>
    taskIds.includes(task.id),
  );
  const inProgress = tasks.filter((task) => task.status === 'in_progress');
  const assignees = new Set(inProgress.map((task) => task.assignee));
  const leases = (await rest.getState('locks')).data.leases;
  return {
    leaseEvents: events.length,
    doubleHeld,
    tasksInProgress: inProgress.length,
    distinctAssignees: [...assignees].filter((name) => name && agents.has(name)).length,
    leasesLeft: leases.filter((lease) => lease.task_id && taskIds.includes(lease.task_id)).length,
  };
}
