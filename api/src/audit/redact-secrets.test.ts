import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.ts';

describe('audit payload redaction', () => {
  it('replaces secret-looking fields at any depth and keeps the rest', () => {
    expect(
      redactSecrets({
        name: 'ci-bot',
        password: 'hunter2',
        nested: { api_key: 'k', apiKey: 'k', refreshToken: 't', keep: [1, { secret: 's' }] },
      }),
    ).toEqual({
      name: 'ci-bot',
      password: '[redacted]',
      nested: {
        api_key: '[redacted]',
        apiKey: '[redacted]',
        refreshToken: '[redacted]',
        keep: [1, { secret: '[redacted]' }],
      },
    });
  });
});
