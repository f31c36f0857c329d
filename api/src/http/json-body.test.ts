import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { jsonBody } from './json-body.ts';

const LIMIT = 1024;

/** An app that answers with what the parser made of the body, or with the parser's error. */
function echoApp(parser: RequestHandler) {
  const app = express();
  app.use(parser);
  app.post('/', (req, res) => {
    res.json({ body: req.body as unknown });
  });
  // Express recognises an error handler by its four parameters.
  const describeError: ErrorRequestHandler = (
    error: Error & Record<string, unknown>,
    _req,
    res,
    _next,
  ) => {
    const { status, type } = error;
    res.status(422).json({ error: { status, type, message: error.message } });
  };
  app.use(describeError);
  return app;
}

const lean = echoApp(jsonBody({ limitBytes: LIMIT }));
const reference = echoApp(
  express.json({ limit: LIMIT, strict: true, type: ['application/json', 'application/*+json'] }),
);

async function both(body: string | Buffer, contentType = 'application/json') {
  const send = (app: typeof lean) =>
    request(app).post('/').set('Content-Type', contentType).send(body);
  const [ours, theirs] = await Promise.all([send(lean), send(reference)]);
  return {
    ours: { status: ours.status, body: ours.body as unknown },
    theirs: { status: theirs.status, body: theirs.body as unknown },
  };
}

describe('jsonBody', () => {
  const bodies: Array<[string, string | Buffer]> = [
    ['an object', '{"event":"x","details":{"n":1,"s":"é ✓"}}'],
    ['an array with surrounding whitespace', ' \n[1, 2, 3]\t'],
    ['a UTF-8 byte order mark', Buffer.from('\uFEFF{"a":1}', 'utf8')],
    ['an empty body', ''],
    ['whitespace only', '   '],
    ['truncated JSON', '{"unterminated": '],
    ['a trailing comma', '{"a":1,}'],
    ['a top-level string', '"hello"'],
    ['a top-level number after whitespace', '  42'],
    ['a top-level literal', 'true'],
    ['garbage', 'not json at all'],
  ];

  it.each(bodies)('parses %s exactly as express.json does', async (_name, body) => {
    const { ours, theirs } = await both(body);
    expect(ours).toEqual(theirs);
  });

  it.each([
    'application/json; charset=utf-8',
    'application/JSON; Charset="UTF-8"',
    'application/merge-patch+json',
    'application/json; charset=utf-16',
    'text/plain',
  ])('treats Content-Type %s exactly as express.json does', async (contentType) => {
    const { ours, theirs } = await both('{"a":[1,"b"]}', contentType);
    expect(ours).toEqual(theirs);
  });

  it('refuses a body over the limit with the same 413 error', async () => {
    const { ours, theirs } = await both(JSON.stringify({ blob: 'x'.repeat(LIMIT) }));
    expect(ours).toEqual(theirs);
    expect(ours.body).toMatchObject({ error: { status: 413, type: 'entity.too.large' } });
  });

  it('reports malformed JSON as entity.parse.failed with the parser message', async () => {
    const { ours } = await both('{"a": tru}');
    expect(ours.body).toMatchObject({ error: { status: 400, type: 'entity.parse.failed' } });
    expect((ours.body as { error: { message: string } }).error.message).toMatch(/JSON/);
  });
});
