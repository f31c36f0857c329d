import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireApiSession } from '../lib/api.server.ts';
import { urlOn } from '../lib/config.server.ts';

const FORWARDED_FILTERS = ['task', 'agent', 'type', 'since'] as const;

/**
 * GET /live/events: the browser's one SSE connection. It relays the API's event tail with the
 * session's token, so the token never reaches the browser; `Last-Event-ID` (sent by EventSource
 * on its own reconnects, or `?lastEventId=` on ours) is forwarded so the stream resumes.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  let session;
  try {
    session = await requireApiSession(request, context);
  } catch (error) {
    // EventSource cannot follow a redirect to a login page; a 401 tells the tab to reload.
    if (error instanceof Response) return new Response('signed out', { status: 401 });
    throw error;
  }
  const url = new URL(request.url);
  const upstream = new URL(urlOn(context.config.api.url, '/collab/events/tail'));
  for (const name of FORWARDED_FILTERS) {
    const value = url.searchParams.get(name);
    if (value) upstream.searchParams.set(name, value);
  }
  const lastEventId =
    request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId') ?? undefined;
  const headers: Record<string, string> = {
    accept: 'text/event-stream',
    authorization: `Bearer ${session.accessToken}`,
  };
  if (lastEventId && /^\d{1,15}$/.test(lastEventId)) headers['last-event-id'] = lastEventId;

  // The browser leaving ends the upstream request; the relay's own stream then just ends.
  const upstreamAbort = new AbortController();
  request.signal.addEventListener('abort', () => upstreamAbort.abort(), { once: true });
  let response: Response;
  try {
    response = await fetch(upstream, { headers, signal: upstreamAbort.signal });
  } catch {
    return new Response('the API is unreachable', { status: 502 });
  }
  if (!response.ok || !response.body) {
    return new Response(await response.text(), {
      status: response.status === 401 ? 401 : 502,
      headers: { 'content-type': response.headers.get('content-type') ?? 'text/plain' },
    });
  }
  const out = new Headers(session.headers);
  out.set('content-type', 'text/event-stream; charset=utf-8');
  out.set('cache-control', 'no-cache, no-transform');
  out.set('x-accel-buffering', 'no');
  return new Response(relay(response.body, upstreamAbort), { status: 200, headers: out });
}

/**
 * Copies the API's stream as it arrives. A dropped upstream or a departed browser closes the relay
 * quietly (EventSource reconnects with Last-Event-ID) instead of surfacing as a server error.
 */
function relay(
  body: ReadableStream<Uint8Array>,
  upstream: AbortController,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) controller.close();
        else controller.enqueue(chunk.value);
      } catch {
        controller.close();
      }
    },
    cancel() {
      upstream.abort();
    },
  });
}
