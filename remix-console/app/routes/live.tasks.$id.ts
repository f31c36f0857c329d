import { ApiError } from '@kyros/contracts/client';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireApiSession } from '../lib/api.server.ts';

/**
 * GET /live/tasks/<id>: one task as JSON (`{task, etag}`, the API's TaskResponse), for the live
 * board to refresh the one card an event names instead of reloading the whole board.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  let session;
  try {
    session = await requireApiSession(request, context);
  } catch (error) {
    // A fetch() would follow the redirect to the login page; a 401 tells the board to reload.
    if (error instanceof Response) return new Response('signed out', { status: 401 });
    throw error;
  }
  const { api, headers } = session;
  headers.set('cache-control', 'private, no-store');
  try {
    const answer = await api.getTask(params.id ?? '');
    return Response.json(answer, { headers });
  } catch (error) {
    if (error instanceof ApiError) {
      return Response.json(error.problem, { status: error.status, headers });
    }
    throw error;
  }
}
