import { describe, expect, it } from 'vitest';
import { addressScope } from './address-scope.ts';

describe('addressScope', () => {
  it.each([
    ['93.184.215.14', 'public'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['2606:4700::1111', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
  ])('%s is public', (address, scope) => {
    expect(addressScope(address)).toBe(scope);
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'shared'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['fec0::1', 'reserved'],
  ])('%s is %s', (address, scope) => {
    expect(addressScope(address)).toBe(scope);
  });

  it('an IPv4 address inside IPv6 (mapped, NAT64, 6to4) is judged by that IPv4 address', () => {
    expect(addressScope('::ffff:127.0.0.1')).toBe('loopback');
    expect(addressScope('::ffff:7f00:1')).toBe('loopback');
    expect(addressScope('[::ffff:169.254.169.254]')).toBe('link-local');
    expect(addressScope('::ffff:10.1.2.3')).toBe('private');
    expect(addressScope('::ffff:93.184.215.14')).toBe('public');
    expect(addressScope('64:ff9b::192.168.0.1')).toBe('private');
    expect(addressScope('64:ff9b::808:808')).toBe('public');
    expect(addressScope('2002:7f00:1::')).toBe('loopback');
    expect(addressScope('2002:0808:0808::1')).toBe('public');
    // The deprecated IPv4-compatible form is refused outright.
    expect(addressScope('::127.0.0.1')).toBe('reserved');
    expect(addressScope('::8.8.8.8')).toBe('reserved');
  });

  it('a range boundary is exact: the address just outside is public', () => {
    expect(addressScope('172.15.255.255')).toBe('public');
    expect(addressScope('169.253.255.255')).toBe('public');
    expect(addressScope('169.255.0.0')).toBe('public');
    expect(addressScope('fbff:ffff::1')).toBe('public');
    expect(addressScope('fec0::')).toBe('reserved');
    expect(addressScope('fe7f::1')).toBe('public');
  });

  it('anything that is not an IP address is invalid', () => {
    for (const text of ['localhost', 'example.com', '', '1.2.3', '256.0.0.1', '::g', '[::1']) {
      expect(addressScope(text), text).toBe('invalid');
    }
  });
});
