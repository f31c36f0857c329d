import { describe, expect, it } from 'vitest';
import { ApiError, createKyrosClient } from './kyros-client.ts';

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records what the client sends and answers with `reply`. */
function recordingFetch(reply: () => Response) {
  const sent: Sent[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    sent.push({
      method: init?.method ?? 'GET',
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      headers: init?.headers as Record<string, string>,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    return Promise.resolve(reply());
  };
  return { sent, fetchImpl };
}

const VARIANT = {
  id: '0b6c8f4e-5d3a-4c1e-9a7b-1f2e3d4c5b6a',
  job_id: '1b6c8f4e-5d3a-4c1e-9a7b-1f2e3d4c5b6a',
  ordinal: 0,
  status: 'draft',
  content: { title: 't', body: 'b' },
  version: 2,
  etag: '"v2"',
  accepted_at: null,
  exported_at: null,
  export_path: null,
  created_at: '2030-01-01T00:00:00.000Z',
  updated_at: '2030-01-01T00:00:00.000Z',
};

describe('the jobs client', () => {
  it('sends the token, the If-Match and the body of a variant edit, and parses the answer', async () => {
    const { sent, fetchImpl } = recordingFetch(() => Response.json(VARIANT));
    const client = createKyrosClient({
      baseUrl: 'http://api/',
      credential: 'kyr_x',
      fetch: fetchImpl,
    }).jobs;
    const variant = await client.updateVariant(
      VARIANT.id,
      { content: { title: 't', body: 'b' } },
      { ifMatch: '"v1"' },
    );
    expect(variant.etag).toBe('"v2"');
    expect(sent).toEqual([
      {
        method: 'PUT',
        url: `http://api/variants/${VARIANT.id}`,
        headers: {
          accept: 'application/json',
          authorization: 'Bearer kyr_x',
          'if-match': '"v1"',
          'content-type': 'application/json',
        },
        body: { content: { title: 't', body: 'b' } },
      },
    ]);
  });

  it('downloads an export with its filename from Content-Disposition', async () => {
    const { sent, fetchImpl } = recordingFetch(
      () =>
        new Response('# Title\n', {
          headers: {
            'content-type': 'text/markdown; charset=utf-8',
            'content-disposition': 'attachment; filename="release-notes-1b6c8f4e-v1.md"',
          },
        }),
    );
    const client = createKyrosClient({ baseUrl: 'http://api', fetch: fetchImpl }).jobs;
    expect(await client.downloadExport(VARIANT.id)).toEqual({
      filename: 'release-notes-1b6c8f4e-v1.md',
      mediaType: 'text/markdown; charset=utf-8',
      text: '# Title\n',
    });
    expect(sent[0]?.headers.accept).toBe('*/*');
  });

  it('turns a problem answer into an ApiError and encodes list filters', async () => {
    const { sent, fetchImpl } = recordingFetch(
      () =>
        new Response(
          JSON.stringify({
            type: 'about:blank',
            title: 'Bad Request',
            status: 400,
            code: 'invalid',
            detail: 'cursor is not one this API issued',
          }),
          { status: 400, headers: { 'content-type': 'application/problem+json' } },
        ),
    );
    const client = createKyrosClient({ baseUrl: 'http://api', fetch: fetchImpl }).jobs;
    const error = await client
      .listJobs({ limit: 5, status: 'done', cursor: 'a b' })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).problem.detail).toBe('cursor is not one this API issued');
    expect(sent[0]?.url).toBe('http://api/jobs?limit=5&status=done&cursor=a+b');
  });
});
