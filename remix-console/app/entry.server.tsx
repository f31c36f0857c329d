import { PassThrough } from 'node:stream';
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { CspNonceContext } from './lib/csp-nonce.ts';

const ABORT_DELAY_MS = 5_000;

/**
 * Remix's own Node entry, plus the answer's CSP nonce on every inline script it writes: the
 * hydration data and module loader (`<Scripts>`, `<ScrollRestoration>` through the context) and
 * the streamed loader data (`RemixServer`). A browser gets the shell as soon as it is ready;
 * a crawler waits for the whole page.
 */
export default function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
): Promise<Response> {
  const nonce = loadContext.cspNonce;
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    let statusCode = status;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      headers.set('Content-Type', 'text/html');
      resolve(
        new Response(createReadableStreamFromReadable(body), { headers, status: statusCode }),
      );
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <CspNonceContext.Provider value={nonce}>
        <RemixServer
          context={remixContext}
          url={request.url}
          abortDelay={ABORT_DELAY_MS}
          {...(nonce ? { nonce } : {})}
        />
      </CspNonceContext.Provider>,
      {
        ...(nonce ? { nonce } : {}),
        ...(waitForAll ? { onAllReady: ready } : { onShellReady: ready }),
        onShellError: reject,
        onError(error: unknown) {
          statusCode = 500;
          // An error before the shell rejects, and Remix logs it; one after is logged here.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY_MS);
  });
}
