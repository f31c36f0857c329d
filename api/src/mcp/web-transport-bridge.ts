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

/**
 * The request as the transport reads it: method, URL and headers (its body is `parsedBody`). The
 * headers go in as name/value pairs and the URL as a string, so undici builds its `Headers` and
 * parses the URL once (a `Headers` or `URL` handed in is copied and parsed again).
 */
function webRequestOf(req: Request): globalThis.Request {
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.push([name, value]);
    else for (const item of value ?? []) headers.push([name, item]);
  }
  const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  // An absolute-form request target (RFC 9112 §3.2.2) is a whole URL of its own.
  const url = req.originalUrl.startsWith('/')
    ? `${origin}${req.originalUrl}`
    : new URL(req.originalUrl, origin).href;
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
    // The transport builds its JSON answers from strings: `text()` reads one back for about half
    // of what `arrayBuffer()` plus a Buffer costs (Node 20).
    res.end(await answer.text());
    return;
  }
  // An SSE stream stays open: headers now, each event as it is enqueued. The client going away
  // destroys the pipeline, which cancels the stream (the transport's clean-up for it).
  res.flushHeaders();
  await pipeline(Readable.fromWeb(answer.body), res).catch(() => undefined);
}
