import { isIPv4, isIPv6 } from 'node:net';

/**
 * Where an IP address leads: the public internet, or somewhere only this host or its network can
 * reach (RFC 6890's special-purpose registries). Outbound webhooks go only to `public` addresses,
 * so that a subscription cannot make the worker call the cloud metadata service, a database on
 * the private network or the API's own loopback port (server-side request forgery). Pure.
 */
export type AddressScope =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'reserved'
  | 'invalid';

interface Range {
  bytes: number[];
  prefix: number;
  scope: Exclude<AddressScope, 'public' | 'invalid'>;
}

const range = (cidr: string, scope: Range['scope']): Range => {
  const [address = '', prefix = ''] = cidr.split('/');
  const bytes = ipBytes(address);
  if (!bytes) throw new Error(`bad range ${cidr}`);
  return { bytes, prefix: Number(prefix), scope };
};

const IPV4_RANGES: Range[] = [
  range('0.0.0.0/8', 'unspecified'), // "this network" (RFC 791); 0.0.0.0 reaches the local host
  range('10.0.0.0/8', 'private'), // RFC 1918
  range('100.64.0.0/10', 'shared'), // carrier-grade NAT (RFC 6598)
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link-local'), // cloud metadata services live at 169.254.169.254
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'reserved'), // IETF protocol assignments
  range('192.0.2.0/24', 'reserved'), // documentation (RFC 5737), likewise the next two /24s
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'reserved'), // benchmarking (RFC 2544)
  range('198.51.100.0/24', 'reserved'),
  range('203.0.113.0/24', 'reserved'),
  range('224.0.0.0/4', 'multicast'),
  range('240.0.0.0/4', 'reserved'), // future use, and 255.255.255.255 broadcast
];

const IPV6_RANGES: Range[] = [
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('::/96', 'reserved'), // IPv4-compatible addresses (deprecated, RFC 4291 §2.5.5.1)
  range('100::/64', 'reserved'), // discard-only (RFC 6666)
  range('2001:db8::/32', 'reserved'), // documentation (RFC 3849)
  range('fc00::/7', 'unique-local'), // RFC 4193: the IPv6 private ranges
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'reserved'), // site-local (deprecated, RFC 3879)
  range('ff00::/8', 'multicast'),
];

/** IPv6 prefixes that carry an IPv4 address a gateway will reach: that address decides. */
const EMBEDDED_IPV4: { prefix: Range; offset: number }[] = [
  { prefix: range('::ffff:0:0/96', 'reserved'), offset: 12 }, // IPv4-mapped (RFC 4291)
  { prefix: range('64:ff9b::/96', 'reserved'), offset: 12 }, // NAT64 well-known prefix (RFC 6052)
  { prefix: range('2002::/16', 'reserved'), offset: 2 }, // 6to4 (RFC 3056)
];

/** The scope of an IPv4 or IPv6 address as written (`[::1]` brackets allowed); `invalid` if not one. */
export function addressScope(address: string): AddressScope {
  const bytes = ipBytes(address.replace(/^\[(.*)\]$/, '$1'));
  if (!bytes) return 'invalid';
  return scopeOf(bytes);
}

function scopeOf(bytes: number[]): AddressScope {
  if (bytes.length === 16) {
    for (const { prefix, offset } of EMBEDDED_IPV4) {
      if (inRange(bytes, prefix)) return scopeOf(bytes.slice(offset, offset + 4));
    }
  }
  // The most specific range wins: ::1 is loopback, not the ::/96 it also falls in.
  const ranges = bytes.length === 4 ? IPV4_RANGES : IPV6_RANGES;
  const matching = ranges.filter((each) => inRange(bytes, each));
  const best = matching.sort((a, b) => b.prefix - a.prefix)[0];
  return best?.scope ?? 'public';
}

function inRange(bytes: number[], { bytes: base, prefix }: Range): boolean {
  if (bytes.length !== base.length) return false;
  for (let bit = 0; bit < prefix; bit += 8) {
    const width = Math.min(8, prefix - bit);
    const mask = (0xff << (8 - width)) & 0xff;
    const index = bit / 8;
    if (((bytes[index] ?? 0) & mask) !== ((base[index] ?? 0) & mask)) return false;
  }
  return true;
}

/** The address's bytes (4 or 16), or undefined when it is not an IP address. */
function ipBytes(address: string): number[] | undefined {
  if (isIPv4(address)) return address.split('.').map(Number);
  // A zone (`fe80::1%eth0`) names an interface; the address before it decides.
  const plain = address.split('%')[0] ?? '';
  if (!isIPv6(plain)) return undefined;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(plain)?.[1];
  const words = dotted
    ? plain.slice(0, -dotted.length) + hexWords(dotted.split('.').map(Number))
    : plain;
  const [head = '', tail] = words.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].flatMap((word) => {
    const value = parseInt(word, 16);
    return [value >> 8, value & 0xff];
  });
}

function hexWords([a = 0, b = 0, c = 0, d = 0]: number[]): string {
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}
