import { ProblemSchema, type Problem } from '../schemas/problem.ts';

/** A non-2xx answer from the Kyros API, carrying the RFC 9457 problem it sent. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.title}: ${problem.detail ?? problem.code}`);
  }

  /** On a 412 the problem carries the current ETag (and the current representation). */
  get etag(): string | undefined {
    const etag = this.problem.etag;
    return typeof etag === 'string' ? etag : undefined;
  }

  /** Reads a failed response's body into the error (a non-problem body is described by status). */
  static async from(response: Response): Promise<ApiError> {
    return new ApiError(response.status, problemOf(response, await response.text()));
  }
}

function problemOf(response: Response, text: string): Problem {
  try {
    const parsed = ProblemSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON (a proxy's HTML page, say): described below from the status line instead.
  }
  return {
    type: 'about:blank',
    title: response.statusText || 'Error',
    status: response.status,
    code: 'unexpected_response',
    detail: text.slice(0, 500),
  };
}
