import { TerminalServerMessage } from '@kyros/contracts/schemas/terminal';

/** Where a tab keeps the session it may resume after a reload (per tab, per task). */
export function resumeKey(taskId: string | null): string {
  return `kyros.terminal.${taskId ?? 'shell'}`;
}

export interface ResumePoint {
  session_id: string;
  resume_token: string;
}

export function readResumePoint(storage: Storage, key: string): ResumePoint | undefined {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key) ?? 'null');
    if (
      parsed &&
      typeof parsed === 'object' &&
      'session_id' in parsed &&
      'resume_token' in parsed &&
      typeof parsed.session_id === 'string' &&
      typeof parsed.resume_token === 'string'
    ) {
      return { session_id: parsed.session_id, resume_token: parsed.resume_token };
    }
  } catch (error) {
    // A value some other code wrote: start a new session instead.
    if (!(error instanceof SyntaxError)) throw error;
  }
  return undefined;
}

/** Asks the console (not the API: the browser holds no credential) for a one-time ticket. */
export async function requestTicket(
  taskId: string | null,
): Promise<{ ticket: string; url: string }> {
  const body = new FormData();
  if (taskId) body.set('task', taskId);
  const response = await fetch('/terminal/ticket', { method: 'POST', body });
  const answer = (await response.json()) as { ticket?: string; url?: string; detail?: string };
  if (!response.ok || !answer.ticket || !answer.url) {
    throw new Error(answer.detail ?? `The console answered ${response.status}`);
  }
  return { ticket: answer.ticket, url: answer.url };
}

/** The daemon's URL for a new session, or to resume `resume`. */
export function sessionUrl(
  grant: { ticket: string; url: string },
  size: { cols: number; rows: number },
  resume: ResumePoint | undefined,
): string {
  const url = new URL(grant.url);
  url.searchParams.set('ticket', grant.ticket);
  if (resume) {
    url.searchParams.set('session', resume.session_id);
    url.searchParams.set('resume', resume.resume_token);
  } else {
    url.searchParams.set('cols', String(size.cols));
    url.searchParams.set('rows', String(size.rows));
  }
  return url.href;
}

export function parseControl(text: string): TerminalServerMessage | undefined {
  try {
    const parsed = TerminalServerMessage.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
