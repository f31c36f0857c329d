import { GenerateLogRequest, GenerateLogResponse } from '@kyros/contracts/schemas/collab-events';
import { routeModule, type ApiModule } from '../../api-module.ts';
import { defineRoute, jsonContent } from '../../http/route.ts';
import type { CollabEventLog } from '../events/collab-event-log.ts';
import { HUMAN_LOG_PATH, type HumanLogFile } from './human-log-file.ts';
import { renderHumanLog } from './render-human-log.ts';
import { selectLogEvents } from './select-log-events.ts';

export interface LogsModuleDeps {
  log: CollabEventLog;
  humanLog: HumanLogFile;
  now?: () => Date;
  /** The most events one summary covers (default 5,000). */
  maxEvents?: number;
}

/** `POST /collab/logs/generate`: "Generate human log" (M1.8). */
export function logsModule(deps: LogsModuleDeps): ApiModule {
  return routeModule('collab-logs', [
    defineRoute({
      method: 'post',
      path: '/collab/logs/generate',
      role: 'agent',
      tags: ['Collaboration events'],
      summary: 'Generate a human-readable log of selected events',
      description:
        'Summarises the events the filter selects (the same `task`/`agent`/`type` semantics as the event tail: `task` matches `target` or `details.task_id`, `agent` matches `actor` or `details.agent`), grouped by task and then agent, with times and outcomes (claimed, succeeded, failed, released, …). The Markdown section is appended to `logs/log.md` — by an atomic replace of the file — and returned. At most 5,000 events per summary. Without a body every event is selected.',
      // `filter` defaults to {}, so the body may be left out.
      body: { schema: GenerateLogRequest, required: false },
      responses: {
        200: { description: 'The section that was appended', ...jsonContent(GenerateLogResponse) },
      },
      async handle({ body: { filter } }, { res }) {
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
      },
    }),
  ]);
}
