import type { SlackSlashCommandForm } from '@kyros/contracts/schemas/channels-slack';
import { slackReplyWorkflow } from '@kyros/workflows/slack-reply-workflow';
import { slackReplyWorkflowId } from '@kyros/workflows/slack-reply-workflow-api';
import type { Principal } from '../../auth/principal.ts';
import { temporalUiLink } from '../../collab/operations/task-run-deps.ts';
import type { ChannelsDeps } from '../channels-deps.ts';
import { renderSlack } from '../domain/reply-renderers.ts';
import { withSlackLinks } from '../domain/slack-messages.ts';
import { handleCommand, markReplyStatus } from './handle-command.ts';

export interface RunSlackCommandOptions {
  deps: ChannelsDeps;
  form: SlackSlashCommandForm;
  /** The linked Kyros user's principal (resolveSlackPrincipal), never the form's text. */
  principal: Principal;
  requestId?: string | undefined;
}

/**
 * After the acknowledgement: runs the slash command's text like any channel's (recorded in
 * `channel_commands`), renders the reply as Block Kit and hands it to workflow
 * `slack-reply-<command id>`, which posts it to `response_url` with retries. Returns the command
 * id and the workflow id once the delivery is started.
 */
export async function runSlackCommand(options: RunSlackCommandOptions) {
  const { deps, form, principal } = options;
  const text = form.text.trim();
  const { commandId, reply } = await handleCommand({
    deps,
    channel: 'slack',
    principal,
    // `/kyros` alone asks for help, as `/kyros help` does.
    input: { text: text === '' ? 'help' : text },
    requestId: options.requestId,
  });
  const workflowId = slackReplyWorkflowId(commandId);
  try {
    if (!deps.taskRuns) throw new Error('Temporal is not available on this API');
    const message = renderSlack(
      withSlackLinks(reply, {
        consoleUrl: deps.consoleUrl,
        deliveryRunUrl: temporalUiLink(deps.taskRuns, workflowId),
      }),
    );
    const client = await deps.taskRuns.temporalClient();
    await client.workflow.start(slackReplyWorkflow, {
      workflowId,
      taskQueue: deps.taskRuns.taskQueue,
      args: [{ commandId, responseUrl: form.response_url, message: { ...message } }],
    });
  } catch (error) {
    // The command ran and is recorded; only its reply cannot leave. Say so on its row.
    await markReplyStatus(deps, commandId, 'failed');
    throw error;
  }
  return { commandId, workflowId };
}
