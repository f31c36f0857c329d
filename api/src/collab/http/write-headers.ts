import { z } from 'zod';

/** `If-None-Match` on a GET: a previously read ETag answers 304 (RFC 9110 §13.1.2). */
export const ConditionalGetHeaders = z.object({
  'if-none-match': z.string().optional().meta({ description: 'A previously read ETag → 304.' }),
});

/** The ETag a client read, for `If-Match` on the collaboration writes. */
export const IF_MATCH_READ = 'The ETag you read; missing → 428, stale → 412.';

/** `X-Fencing-Token`: the token of the lease the writer holds for this task, when it holds one. */
export const FencedWriteHeaders = z.object({
  'x-fencing-token': z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, 'X-Fencing-Token must be a positive integer')
    .transform(Number)
    .optional()
    .meta({
      description:
        'Fencing token of the lease (with this task_id) the writer holds; lower than the newest granted → 409.',
    }),
});
