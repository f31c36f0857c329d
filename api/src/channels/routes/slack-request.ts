import express, { type Request, type RequestHandler, type Response } from 'express';
import { SlackSlashCommandForm } from '@kyros/contracts/schemas/channels-slack';
import { AppError } from '../../errors/app-error.ts';
import { parseRequestPart } from '../../http/request-input.ts';
import type { ChannelsDeps } from '../channels-deps.ts';
import { slackNotLinked } from '../domain/slack-messages.ts';
import { verifySlackSignature } from '../domain/slack-signature.ts';
import { resolveSlackPrincipal } from '../operations/resolve-slack-principal.ts';

/** Slack's slash command payloads are small; anything larger is not from Slack. */
const MAX_FORM_BYTES = 64 * 1024;

const SIGNATURE_REFUSALS = {
  missing_headers: 'X-Slack-Signature and X-Slack-Request-Timestamp are required',
  malformed: 'X-Slack-Signature or X-Slack-Request-Timestamp is malformed',
  stale: 'X-Slack-Request-Timestamp is more than 5 minutes from the server clock',
  mismatch: 'X-Slack-Signature does not match the body',
} as const;

/**
 * Reads a slash command as Slack sent it, before anything is written: the raw form body, its v0
 * signature over those exact bytes (401 otherwise), the form's fields (400), the `response_url`
 * (only under SLACK_RESPONSE_URL_PREFIX, so a reply never goes elsewhere), then the Kyros user the
 * Slack user is linked to, who becomes `req.principal`. An unlinked user gets an ephemeral answer
 * and nothing runs. The parsed form is left in `res.locals.slackCommand`.
 */
export function slackCommandRequest(deps: ChannelsDeps): RequestHandler[] {
  const raw = express.raw({ type: 'application/x-www-form-urlencoded', limit: MAX_FORM_BYTES });
  const verify: RequestHandler = async (req, res, next) => {
    const slack = deps.slack;
    if (!slack) {
      throw new AppError(
        'not_found',
        'The Slack channel is not configured: set SLACK_SIGNING_SECRET (docs/CHANNELS.md)',
      );
    }
    const rawBody: unknown = req.body;
    if (!req.is('application/x-www-form-urlencoded') || !Buffer.isBuffer(rawBody)) {
      throw new AppError(
        'unsupported_media_type',
        'A slash command is application/x-www-form-urlencoded, as Slack sends it',
      );
    }
    const check = verifySlackSignature({
      signingSecret: slack.signingSecret,
      timestamp: req.get('x-slack-request-timestamp'),
      signature: req.get('x-slack-signature'),
      rawBody,
      nowSeconds: Math.floor((deps.now?.() ?? new Date()).getTime() / 1000),
    });
    if (!check.ok) {
      throw new AppError(
        'unauthorized',
        `Not a signed Slack request: ${SIGNATURE_REFUSALS[check.reason]}`,
      );
    }
    const fields = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
    const form = parseRequestPart(SlackSlashCommandForm, fields, 'slash command form');
    if (!form.response_url.startsWith(slack.responseUrlPrefix)) {
      throw new AppError('invalid', `response_url must start with ${slack.responseUrlPrefix}`);
    }
    const principal = await resolveSlackPrincipal(deps.prisma, form.team_id, form.user_id);
    if (!principal) {
      res.json(slackNotLinked(form.team_id, form.user_id));
      return;
    }
    req.principal = principal;
    res.locals.slackCommand = form;
    next();
  };
  return [raw, verify];
}

/** The form `slackCommandRequest` parsed and verified. */
export function slackCommandOf(_req: Request, res: Response): SlackSlashCommandForm {
  const form: unknown = res.locals.slackCommand;
  return SlackSlashCommandForm.parse(form);
}
