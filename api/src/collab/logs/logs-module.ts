import { Router, type RequestHandler } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { GenerateLogRequest, GenerateLogResponse } from '@kyros/contracts/schemas/collab-events';
import type { ApiModule } from '../../api-module.ts';
import { collabRoles } from '../../auth/principal.ts';
import { problemResponse } from '../../openapi/problem-response.ts';
import type { EventLog } from '../events/event-log.ts';
import { parseJsonBody } from '../http/request-input.ts';
import { HUMAN_LOG_PATH, type HumanLogFile } from './human-log-file.ts';
import { renderHumanLog } from './render-human-log.ts';
import { selectLogEvents } from './select-log-events.ts';

export interface LogsModuleDeps {
  log: EventLog;
  humanLog: HumanLogFile;
  now?: () => Date;
  /** The most events one summary covers (default 5,000). */
  maxEvents?: number;
}

/** `POST /collab/logs/generate`: "Generate human log" (M1.8). */
export function logsModule(deps: LogsModuleDeps): ApiModule {
  const router = Router();
  router.use('/collab', collabRoles);
  router.post('/collab/logs/generate', generateHumanLog(deps));
  return { name: 'collab-logs', router, registerOpenApi: registerLogsOpenApi };
}

function generateHumanLog(deps: LogsModuleDeps): RequestHandler {
  return async (req, res) => {
    const { filter } = parseJsonBody(GenerateLogRequest, req);
    const selection = await selectLogEvents(deps.log, filter, deps.maxEvents ?? 5000);
    const markdown = renderHumanLog({
      events: selection.events,
      selection: selection.description,
      generatedAt: (deps.now ?? (() => new Date()))(),
      truncated: selection.truncated,
    });
    await deps.humanLog.append(markdown);
    res.json(
      GenerateLogResponse.parse({
        markdown,
        appended_to: HUMAN_LOG_PATH,
        event_count: selection.events.length,
      }),
    );
  };
}

function registerLogsOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/collab/logs/generate',
    tags: ['Collaboration events'],
    summary: 'Generate a human-readable log of selected events',
    description:
      'Summarises the events the filter selects (the same `task`/`agent`/`type` semantics as the event tail: `task` matches `target` or `details.task_id`, `agent` matches `actor` or `details.agent`), grouped by task and then agent, with times and outcomes (claimed, succeeded, failed, released, …). The Markdown section is appended to `logs/log.md` — by an atomic replace of the file — and returned. At most 5,000 events per summary.',
    request: {
      body: { required: true, content: { 'application/json': { schema: GenerateLogRequest } } },
    },
    responses: {
      200: {
        description: 'The section that was appended',
        content: { 'application/json': { schema: GenerateLogResponse } },
      },
      ...problemResponse,
    },
  });
}
