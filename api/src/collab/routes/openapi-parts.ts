import { z } from 'zod';
import { problemResponse } from '../../openapi/problem-response.ts';

/** Header and response fragments shared by the collaboration routes' OpenAPI descriptions. */
export const ifMatchRequired = z.object({
  'if-match': z.string().meta({ description: 'The ETag you read; missing → 428, stale → 412.' }),
});

export const writeHeaders = z.object({
  'if-match': z.string().optional(),
  'x-fencing-token': z.string().optional().meta({
    description:
      'Fencing token of the lease (with this task_id) the writer holds; lower than the newest granted → 409.',
  }),
});

export const conditionalGetHeaders = z.object({
  'if-none-match': z.string().optional().meta({ description: 'A previously read ETag → 304.' }),
});

export function jsonContent(schema: z.ZodType) {
  return { content: { 'application/json': { schema } } };
}

export const notModified = { 304: { description: 'Not modified: your ETag is current' } } as const;

export { problemResponse };
