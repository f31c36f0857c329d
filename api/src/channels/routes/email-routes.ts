import { z } from 'zod';
import {
  EmailMessageRequest,
  EmailMessageResponse,
  EmailReplyStatusRequest,
} from '@kyros/contracts/schemas/channels-email';
import { principalOf, type Principal } from '../../auth/principal.ts';
import { AppError } from '../../errors/app-error.ts';
import { requestIdOf } from '../../http/request-input.ts';
import { defineRoute, jsonContent, pathId, type Route } from '../../http/route.ts';
import type { ChannelsDeps } from '../channels-deps.ts';
import { markReplyStatus } from '../operations/handle-command.ts';
import type { ChannelRateLimiter } from '../channel-rate-limits.ts';
import { receiveEmail } from '../operations/receive-email.ts';

const TAGS = ['Channels'];

/**
 * The email channel's hand-over from the worker's IMAP poll activity (docs/CHANNELS.md#email).
 * Only the worker's service key may call these: whoever hands in a message acts as the user its
 * sender is mapped to, so no person's or agent's credential may.
 */
export function emailRoutes(deps: ChannelsDeps, rateLimits: ChannelRateLimiter): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/channels/email/messages',
      role: 'agent',
      tags: TAGS,
      summary: 'Hand in one polled email: claimed by Message-ID, run once, reply returned',
      description:
        'The worker’s service key only (403 otherwise). `executed`: this call claimed the Message-ID and ran the command as the allowlisted sender’s user; send `reply`. `refused`: the sender is not on KYROS_EMAIL_ALLOWLIST (recorded, nothing run, no reply), or is over KYROS_CHANNEL_RATE_LIMIT_EMAIL (recorded and audited, nothing run, `reply` says when to resend). `duplicate`: claimed before; nothing run. 409 when the channel is not configured.',
      body: { schema: EmailMessageRequest },
      responses: { 200: { description: 'What happened', ...jsonContent(EmailMessageResponse) } },
      async handle({ body }, { req, res }) {
        requireWorker(principalOf(req));
        const answer = await receiveEmail({
          deps,
          rateLimits,
          message: body,
          requestId: requestIdOf(req),
        });
        res.json(EmailMessageResponse.parse(answer));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/channels/email/commands/{id}/reply-status',
      role: 'agent',
      tags: TAGS,
      summary: 'Record whether the reply to an email command went out over SMTP',
      description: 'The worker’s service key only. Only a pending status changes.',
      params: { id: pathId(z.uuid(), 'Channel command') },
      body: { schema: EmailReplyStatusRequest },
      responses: { 204: { description: 'Recorded' } },
      async handle({ params, body }, { req, res }) {
        requireWorker(principalOf(req));
        await markReplyStatus(deps, params.id, body.status);
        res.status(204).end();
      },
    }),
  ];
}

function requireWorker(principal: Principal): void {
  if (principal.actsAs.kind !== 'workflows') {
    throw new AppError(
      'forbidden',
      `Only the worker's service key hands in email; ${principal.actor} may not`,
    );
  }
}
