import type { PrismaClient } from '@kyros/db/client';
import { failure } from '@kyros/contracts/failures';
import { retryingDatabaseFaults } from '../database-faults.ts';

export interface ChannelReplyActivityDeps {
  /** `channel_commands`, whose reply status a delivery settles; without it recording refuses. */
  prisma?: PrismaClient;
  fetch?: typeof fetch;
}

/** What a slash command's reply post may take before the attempt is abandoned and retried. */
const POST_TIMEOUT_MS = 10_000;

/** Channel replies that leave after the acknowledgement (docs/CHANNELS.md): Slack's response_url. */
export function createChannelReplyActivities(deps: ChannelReplyActivityDeps) {
  const post = deps.fetch ?? fetch;
  return {
    /**
     * One POST of the Block Kit message. 2xx is done; 429, 5xx and network errors are retried by
     * the workflow's policy; any other 4xx is a refusal that no retry changes.
     */
    async postSlackReply(input: { responseUrl: string; message: Record<string, unknown> }) {
      let response: Response;
      try {
        response = await post(input.responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(input.message),
          redirect: 'error',
          signal: AbortSignal.timeout(POST_TIMEOUT_MS),
        });
      } catch (error) {
        throw failure('SlackReplyUnavailable', `response_url unreachable: ${String(error)}`);
      }
      const text = (await response.text()).slice(0, 200);
      if (response.ok) return { status: response.status };
      const message = `response_url answered ${response.status}: ${text}`;
      if (response.status === 429 || response.status >= 500) {
        throw failure('SlackReplyUnavailable', message);
      }
      throw failure('SlackReplyRefused', message);
    },

    ...retryingDatabaseFaults({
      /** Settles a pending reply status; an already settled one is left as it is. */
      async recordChannelReplyStatus(input: { commandId: string; status: 'sent' | 'failed' }) {
        if (!deps.prisma) throw failure('NoDatabase', 'The worker has no database for channels');
        await deps.prisma.channelCommand.updateMany({
          where: { id: input.commandId, replyStatus: 'pending' },
          data: { replyStatus: input.status },
        });
      },
    }),
  };
}
