import { z } from 'zod';

export const HealthResponse = z
  .object({ status: z.literal('ok') })
  .meta({ id: 'Health', description: 'The process is alive.' });

export const READINESS_CHECKS = [
  'database',
  'temporal',
  'task_queue',
  'collaboration_dir',
] as const;

export const ReadinessCheck = z
  .object({
    name: z.enum(READINESS_CHECKS),
    ok: z.boolean(),
    detail: z.string().optional(),
    durationMs: z.number().int().nonnegative(),
  })
  .meta({ id: 'ReadinessCheck' });

export const ReadinessResponse = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.array(ReadinessCheck),
    failing: z.array(z.enum(READINESS_CHECKS)),
  })
  .meta({
    id: 'Readiness',
    description:
      'Deep readiness: 200 only when every check passes, else 503 naming the failing ones.',
  });

export type ReadinessCheck = z.infer<typeof ReadinessCheck>;
export type ReadinessResponse = z.infer<typeof ReadinessResponse>;
