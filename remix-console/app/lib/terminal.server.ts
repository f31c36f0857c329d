import { ApiError, createKyrosClient } from '@kyros/contracts/client';
import type { AppLoadContext } from '@remix-run/node';
import { TaskId } from '@kyros/contracts/schemas/collab-tasks';
import { requireApiSession } from './api.server.ts';

/**
 * A terminal ticket for the signed-in person, asked of the API on the server with the session's
 * token: the browser gets the one-time ticket and the daemon's URL, never the credential
 * (docs/TERMINAL.md). Answers JSON for the panel's `fetch`, problem+json when refused.
 */
export async function terminalTicketResponse(
  request: Request,
  context: AppLoadContext,
): Promise<Response> {
  let session;
  try {
    session = await requireApiSession(request, context);
  } catch (error) {
    // fetch cannot follow a redirect to the login page; a 401 tells the panel to reload.
    if (error instanceof Response) return problem(401, 'Signed out', 'Sign in again');
    throw error;
  }
  const form = await request.formData();
  const task = form.get('task');
  const taskId = typeof task === 'string' && task !== '' ? TaskId.safeParse(task) : undefined;
  if (taskId && !taskId.success) return problem(400, 'Bad task id', 'A task id looks like T-101');
  const client = createKyrosClient({
    baseUrl: context.config.api.url,
    credential: session.accessToken,
  });
  try {
    const ticket = await client.terminal.createTicket(taskId ? { task_id: taskId.data } : {});
    const headers = new Headers(session.headers);
    headers.set('cache-control', 'no-store');
    return Response.json({ ticket: ticket.ticket, url: ticket.url }, { headers });
  } catch (error) {
    if (error instanceof ApiError) {
      return problem(error.status, error.problem.title, error.problem.detail ?? error.problem.code);
    }
    throw error;
  }
}

function problem(status: number, title: string, detail: string): Response {
  return Response.json(
    { title, status, detail },
    {
      status,
      headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
    },
  );
}
