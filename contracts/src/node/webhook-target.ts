import { promises as dns } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { addressScope } from './address-scope.ts';

/** A host name's addresses, as `dns.lookup(host, { all: true })` answers them. */
export type HostLookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** Where outbound webhooks may go (KYROS_WEBHOOK_ALLOW_PRIVATE_TARGETS; docs/CHANNELS.md). */
export interface WebhookTargetPolicy {
  /** Local development and tests only: deliver to loopback and private addresses too. */
  allowPrivate: boolean;
  /** Resolves host names; the system resolver (getaddrinfo, /etc/hosts included) by default. */
  lookup?: HostLookup;
  /** How long a request waits for the up-front check's lookup; 2,000 ms by default. */
  lookupTimeoutMs?: number;
}

const LOOKUP_TIMEOUT_MS = 2_000;

/** A webhook URL that leads (or resolved) to a non-public address. */
export class WebhookTargetRefused extends Error {
  override name = 'WebhookTargetRefused';
}

const systemLookup: HostLookup = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

const PUBLIC_ONLY =
  'webhooks are delivered only to public addresses (KYROS_WEBHOOK_ALLOW_PRIVATE_TARGETS=true allows others for local development)';

/** Why `address` may not be a target, or undefined when it may (`host` is the name it came from). */
function refusalOf(address: string, host: string): string | undefined {
  const scope = addressScope(address);
  if (scope === 'public') return undefined;
  const subject = host === address ? `${address} is` : `${host} resolves to ${address},`;
  return `${subject} not a public address (${scope}): ${PUBLIC_ONLY}`;
}

/** The URL's host without IPv6 brackets, or undefined when the host is a name, not an address. */
function literalAddress(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return addressScope(host) === 'invalid' ? undefined : host;
}

/** The lookup's answer, or undefined when it fails or takes longer than `timeoutMs`. */
async function lookupWithin(
  lookup: HostLookup,
  hostname: string,
  timeoutMs: number,
): Promise<{ address: string }[] | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, timeoutMs, undefined);
  });
  try {
    return await Promise.race([lookup(hostname).catch(() => undefined), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves `url`'s host and answers why it may not receive webhooks, or undefined when every
 * address it resolves to is public (or the policy allows private ones). A name that does not
 * resolve (yet), or not within the lookup timeout (a resolver that does not answer must not hold
 * the request), is not refused here: every delivery resolves and checks again.
 */
export async function webhookTargetRefusal(
  url: string,
  policy: WebhookTargetPolicy,
): Promise<string | undefined> {
  if (policy.allowPrivate) return undefined;
  const parsed = new URL(url);
  const literal = literalAddress(parsed);
  if (literal !== undefined) return refusalOf(literal, literal);
  const addresses = await lookupWithin(
    policy.lookup ?? systemLookup,
    parsed.hostname,
    policy.lookupTimeoutMs ?? LOOKUP_TIMEOUT_MS,
  );
  for (const { address } of addresses ?? []) {
    const refusal = refusalOf(address, parsed.hostname);
    if (refusal) return refusal;
  }
  return undefined;
}

/**
 * Throws WebhookTargetRefused when `url` names a non-public address literally; names are checked
 * by `connectLookup` as the connection resolves them.
 */
export function assertLiteralTargetAllowed(url: URL, policy: WebhookTargetPolicy): void {
  if (policy.allowPrivate) return;
  const literal = literalAddress(url);
  const refusal = literal === undefined ? undefined : refusalOf(literal, literal);
  if (refusal) throw new WebhookTargetRefused(refusal);
}

/**
 * The `lookup` for `http.request`: resolves, refuses when any address is not public, and hands
 * the connection exactly the addresses it checked, so a name that re-resolves to a private address
 * between a check and the connect (DNS rebinding) cannot slip through.
 */
export function connectLookup(policy: WebhookTargetPolicy): LookupFunction {
  const lookup = policy.lookup ?? systemLookup;
  return (hostname, options, callback) => {
    lookup(hostname)
      .then((resolved) => {
        const family =
          options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
        const addresses = family ? resolved.filter((each) => each.family === family) : resolved;
        const refusal = policy.allowPrivate
          ? undefined
          : addresses.map(({ address }) => refusalOf(address, hostname)).find(Boolean);
        const first = addresses[0];
        if (refusal) callback(new WebhookTargetRefused(refusal), '', 0);
        else if (!first) callback(notFound(hostname), '', 0);
        else if (options.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      })
      .catch((error: unknown) =>
        callback(error instanceof Error ? error : new Error(String(error)), '', 0),
      );
  };
}

function notFound(hostname: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  error.code = 'ENOTFOUND';
  return error;
}
