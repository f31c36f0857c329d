import {
  ApiCommandResponse,
  ChannelListResponse,
  ChannelStatus,
  WsTicketResponse,
  type ApiCommandRequest,
  type ChannelName,
} from '../schemas/channels.ts';
import {
  SlackUserLink,
  SlackUserLinkList,
  type PutSlackUserLinkRequest,
} from '../schemas/channels-slack.ts';
import { segment, type RequestCore } from './request-core.ts';

/** The channel hub (docs/CHANNELS.md): its status and switches, the API channel, WS tickets. */
export function createChannelsSection(core: RequestCore) {
  return {
    async listChannels(): Promise<ChannelStatus[]> {
      return (await core.json('GET', '/channels', ChannelListResponse)).items;
    },
    /** Admin: a disabled channel refuses every command. */
    setChannelEnabled: (name: ChannelName, enabled: boolean): Promise<ChannelStatus> =>
      core.json('PATCH', `/channels/${segment(name)}`, ChannelStatus, { body: { enabled } }),
    /** One command over the API channel; 200 whatever the outcome (read `reply.outcome`). */
    sendCommand: (request: ApiCommandRequest): Promise<ApiCommandResponse> =>
      core.json('POST', '/channels/api/commands', ApiCommandResponse, { body: request }),
    /** A single-use ticket for `/channels/ws`, acting as this client's principal. */
    issueWsTicket: (): Promise<WsTicketResponse> =>
      core.json('POST', '/channels/ws/ticket', WsTicketResponse),
    /** Admin: which Slack users act as which Kyros users. */
    async listSlackUserLinks(): Promise<SlackUserLink[]> {
      return (await core.json('GET', '/channels/slack/users', SlackUserLinkList)).items;
    },
    /** Admin: the Slack user acts as the Kyros user with that email from now on (audited). */
    linkSlackUser: (
      teamId: string,
      slackUserId: string,
      request: PutSlackUserLinkRequest,
    ): Promise<SlackUserLink> =>
      core.json('PUT', slackUserPath(teamId, slackUserId), SlackUserLink, { body: request }),
    /** Admin: the Slack user's commands are refused again until linked (audited). */
    unlinkSlackUser: (teamId: string, slackUserId: string): Promise<void> =>
      core.empty('DELETE', slackUserPath(teamId, slackUserId)),
  };
}

const slackUserPath = (teamId: string, slackUserId: string) =>
  `/channels/slack/users/${segment(teamId)}/${segment(slackUserId)}`;

export type ChannelsSection = ReturnType<typeof createChannelsSection>;
