import { describe, expect, it } from 'vitest';
import { webhookTargetRefusal, type HostLookup } from './webhook-target.ts';

const resolvingTo =
  (...addresses: string[]): HostLookup =>
  () =>
    Promise.resolve(
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );

describe('webhookTargetRefusal', () => {
  it('refuses a literal private address and names its scope', async () => {
    expect(
      await webhookTargetRefusal('http://127.0.0.1:8080/hook', { allowPrivate: false }),
    ).toMatch(/127\.0\.0\.1 is not a public address \(loopback\)/);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const lookup = resolvingTo('93.184.215.14', '10.0.0.7');
    expect(
      await webhookTargetRefusal('https://hooks.example.com/x', { allowPrivate: false, lookup }),
    ).toMatch(/hooks\.example\.com resolves to 10\.0\.0\.7/);
  });

  it('allows a name whose addresses are all public', async () => {
    const lookup = resolvingTo('93.184.215.14', '2606:4700::1111');
    expect(
      await webhookTargetRefusal('https://hooks.example.com/x', { allowPrivate: false, lookup }),
    ).toBeUndefined();
  });

  it('allows anything when the policy allows private targets', async () => {
    const lookup = resolvingTo('127.0.0.1');
    expect(
      await webhookTargetRefusal('http://localhost/x', { allowPrivate: true, lookup }),
    ).toBeUndefined();
  });

  it('leaves a name that does not resolve to the delivery, which checks again', async () => {
    const lookup: HostLookup = () => Promise.reject(new Error('getaddrinfo ENOTFOUND'));
    expect(
      await webhookTargetRefusal('https://nowhere.invalid/x', { allowPrivate: false, lookup }),
    ).toBeUndefined();
  });

  it('does not hold the request on a resolver that never answers', async () => {
    const lookup: HostLookup = () => new Promise(() => undefined);
    const answer = webhookTargetRefusal('https://silent.example/x', {
      allowPrivate: false,
      lookup,
      lookupTimeoutMs: 20,
    });
    // Without the deadline this promise never settles and the test fails on vitest's timeout.
    expect(await answer).toBeUndefined();
  });
});
