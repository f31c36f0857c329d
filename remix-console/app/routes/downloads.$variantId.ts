import { ApiError } from '@kyros/contracts/client';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireApiSession } from '../lib/api.server.ts';
import { urlOn } from '../lib/config.server.ts';

/**
 * `GET /downloads/<variant id>`: the accepted variant's exported file. The console asks the API
 * (`POST /export/{variant_id}`, the file form) with the session's token and streams the answer
 * through, so the browser gets the file and never the token.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { accessToken, headers } = await requireApiSession(request, context);
  const variantId = params.variantId ?? '';
  const upstream = await fetch(
    urlOn(context.config.api.url, `/export/${encodeURIComponent(variantId)}`),
    {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, accept: '*/*' },
      signal: request.signal,
    },
  );
  if (!upstream.ok) {
    const problem = await ApiError.from(upstream);
    headers.set('content-type', 'text/plain; charset=utf-8');
    return new Response(
      `The export is not available: ${problem.problem.title}${
        problem.problem.detail ? ` — ${problem.problem.detail}` : ''
      }\n`,
      { status: upstream.status, headers },
    );
  }
  for (const name of ['content-type', 'content-disposition', 'content-length', 'etag']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (!headers.has('content-disposition')) {
    headers.set('content-disposition', `attachment; filename="export-${variantId.slice(0, 8)}"`);
  }
  headers.set('cache-control', 'private, no-store');
  return new Response(upstream.body, { status: 200, headers });
}
