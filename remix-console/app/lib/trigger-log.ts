import { WebhookId } from '@kyros/contracts/schemas/webhooks';

/** Which delivery log Remote › Triggers shows: `?log=inbound:<id>` or `?log=outbound:<id>`. */
export interface LogSelection {
  kind: 'inbound' | 'outbound';
  id: string;
}

export function parseLogSelection(value: string | null): LogSelection | null {
  const [kind, id, ...rest] = (value ?? '').split(':');
  if (rest.length > 0 || (kind !== 'inbound' && kind !== 'outbound')) return null;
  return WebhookId.safeParse(id).success ? { kind, id: id ?? '' } : null;
}

export function logSearch(selection: LogSelection): string {
  return `?log=${selection.kind}:${selection.id}`;
}
