import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Request, Response } from 'express';

/**
 * Hands an Express request to the SDK's web-standard Streamable HTTP transport and writes its
 * answer back. The SDK's Node wrapper (`StreamableHTTPServerTransport`, via `@hono/node-server`)
 * reads every answer's body twice without blocking before writing it and, when the end of the
 * body is a few microtasks late (always, for an undici `Response` built from a string), waits a
 * `setTimeout` first: about 1 ms on every `tools/call` (bench:mcp). Here a JSON answer is
 * read whole and written in one `end`; an SSE answer is piped as its events come.
 */
export async function handleWithWebTransport(
  transport: WebStandardStreamableHTTPServerTransport,
  req: Request,
  res: Response,
): Promise<void> {
  // The body was parsed by the API's JSON middleware; the transport validates it (JSON-RPC).
  const answer = await transport.handleRequest(webRequestOf(req), { parsedBody: req.body });
  await writeAnswer(answer, res);
}

function webRequestOf(req: Request): globalThis.Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else for (const item of value ?? []) headers.append(name, item);
  }
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`);
  return new globalThis.Request(url, { method: req.method, headers });
}

async function writeAnswer(answer: globalThis.Response, res: Response): Promise<void> {
  res.status(answer.status);
  answer.headers.forEach((value, name) => res.setHeader(name, value));
  if (!answer.body) {
    res.end();
    return;
  }
  if (!answer.headers.get('content-type')?.startsWith('text/event-stream')) {
    res.end(Buffer.from(await answer.arrayBuffer()));
    return;
  }
  // An SSE stream stays open: headers now, each event as it is enqueued. The client going away
  // destroys the pipeline, which cancels the stream (the transport's clean-up for it).
  res.flushHeaders();
  await pipeline(Readable.fromWeb(answer.body), res).catch(() => undefined);
}
