import type { Request } from 'express';
import type { z } from 'zod';
import { RotatedWebhookSecret, WebhookId } from '@kyros/contracts/schemas/webhooks';
import { principalOf } from '../../auth/principal.ts';
import { requestIdOf } from '../../http/request-input.ts';
import { defineRoute, jsonContent, pathId, type Route } from '../../http/route.ts';
import type { ChannelsDeps } from '../channels-deps.ts';
import { rotateWebhookSecret } from '../operations/rotate-webhook-secret.ts';
import type { WebhookAuditContext } from '../webhooks/audited-webhook-write.ts';

export const WEBHOOK_TAGS = ['Channels: webhooks'];

/** Who is changing a webhook resource, for its audit row. */
export function webhookAuditContext(deps: ChannelsDeps, req: Request): WebhookAuditContext {
  return {
    prisma: deps.prisma,
    audit: deps.audit,
    principal: principalOf(req),
    requestId: requestIdOf(req),
  };
}

/** An inbound webhook or an outbound subscription, as its admin routes see it. */
export interface WebhookAdminResource<
  Row extends { id: string },
  Create extends z.ZodType,
  Patch extends z.ZodType,
> {
  /** `/channels/webhooks` */
  base: string;
  /** The secret's owner, for the rotation and its audit row. */
  kind: 'webhook' | 'webhook_subscription';
  /** `{ one: 'webhook', many: 'webhooks' }`: the words of the documentation. */
  nouns: { one: string; many: string };
  schemas: {
    item: z.ZodType;
    list: z.ZodType;
    created: z.ZodType;
    create: Create;
    patch: Patch;
  };
  summaries: {
    list: string;
    create: string;
    createDescription?: string;
    get: string;
    patch: string;
    delete: string;
    rotate: string;
  };
  /** The row as the wire shows it (never the secret). */
  show(row: Row): object;
  list(): Promise<Row[]>;
  read(id: string): Promise<Row>;
  create(
    context: WebhookAuditContext,
    body: z.output<Create>,
  ): Promise<{ row: Row; secret: string }>;
  update(context: WebhookAuditContext, id: string, patch: z.output<Patch>): Promise<Row>;
  remove(context: WebhookAuditContext, id: string): Promise<unknown>;
}

/**
 * The admin CRUD both webhook directions share: list, create (the secret answered once), read,
 * patch, delete and rotate the secret, each change audited (docs/CHANNELS.md).
 */
export function webhookAdminRoutes<
  Row extends { id: string },
  Create extends z.ZodType,
  Patch extends z.ZodType,
>(deps: ChannelsDeps, resource: WebhookAdminResource<Row, Create, Patch>): Route[] {
  const { base, nouns, schemas, summaries } = resource;
  const secretsKey = deps.webhooks?.secretsKey;
  const capitalized = `${nouns.one.charAt(0).toUpperCase()}${nouns.one.slice(1)}`;
  const params = { id: pathId(WebhookId, capitalized) };
  const context = (req: Request) => webhookAuditContext(deps, req);
  const common = { role: 'admin', tags: WEBHOOK_TAGS } as const;
  return [
    defineRoute({
      ...common,
      method: 'get',
      path: base,
      summary: summaries.list,
      responses: { 200: { description: `The ${nouns.many}`, ...jsonContent(schemas.list) } },
      async handle(_input, { res }) {
        res.json({ items: (await resource.list()).map((row) => resource.show(row)) });
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: base,
      summary: summaries.create,
      ...(summaries.createDescription ? { description: summaries.createDescription } : {}),
      body: { schema: schemas.create },
      responses: { 201: { description: 'Created', ...jsonContent(schemas.created) } },
      async handle({ body }, { req, res }) {
        const { row, secret } = await resource.create(context(req), body);
        res.status(201).set('Cache-Control', 'no-store').location(`${base}/${row.id}`);
        res.json({ ...resource.show(row), secret });
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: `${base}/{id}`,
      summary: summaries.get,
      params,
      responses: { 200: { description: `The ${nouns.one}`, ...jsonContent(schemas.item) } },
      async handle({ params: { id } }, { res }) {
        res.json(resource.show(await resource.read(id)));
      },
    }),
    defineRoute({
      ...common,
      method: 'patch',
      path: `${base}/{id}`,
      summary: summaries.patch,
      params,
      body: { schema: schemas.patch },
      responses: { 200: { description: `The ${nouns.one}`, ...jsonContent(schemas.item) } },
      async handle({ params: { id }, body }, { req, res }) {
        res.json(resource.show(await resource.update(context(req), id, body)));
      },
    }),
    defineRoute({
      ...common,
      method: 'delete',
      path: `${base}/{id}`,
      summary: summaries.delete,
      params,
      responses: { 204: { description: 'Deleted' } },
      async handle({ params: { id } }, { req, res }) {
        await resource.remove(context(req), id);
        res.status(204).end();
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: `${base}/{id}/rotate-secret`,
      summary: summaries.rotate,
      params,
      responses: { 200: { description: 'The new secret', ...jsonContent(RotatedWebhookSecret) } },
      async handle({ params: { id } }, { req, res }) {
        const rotated = await rotateWebhookSecret({
          ...context(req),
          secretsKey,
          kind: resource.kind,
          id,
        });
        res.set('Cache-Control', 'no-store').json({
          id: rotated.id,
          secret: rotated.secret,
          secret_rotated_at: rotated.rotatedAt.toISOString(),
        });
      },
    }),
  ];
}
