import { EmailMessageResponse, type EmailMessageRequest } from '../schemas/channels-email.ts';
import { segment, type RequestCore } from './request-core.ts';

/** The email channel's hand-over, for the worker's poll activity (its service key only). */
export function createEmailChannelSection(core: RequestCore) {
  return {
    /** Claims the message by Message-ID and runs its command; `reply` is what to send. */
    receive: (message: EmailMessageRequest): Promise<EmailMessageResponse> =>
      core.json('POST', '/channels/email/messages', EmailMessageResponse, { body: message }),
    replyStatus: (commandId: string, status: 'sent' | 'failed'): Promise<void> =>
      core.empty('POST', `/channels/email/commands/${segment(commandId)}/reply-status`, {
        body: { status },
      }),
  };
}

export type EmailChannelSection = ReturnType<typeof createEmailChannelSection>;
