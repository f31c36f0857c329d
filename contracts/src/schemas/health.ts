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

const CheckName = z.enum(READINESS_CHECKS);

export const ReadinessCheck = z
  .object({
    name: CheckName,
    ok: z.boolean(),
    detail: z.string().optional(),
    durationMs: z.number().int().nonnegative(),
    /**
     * false: the check is reported, but failing it only degrades the answer (still 200). Absent:
     * it gates, and failing it makes the answer 503.
     */
    gating: z.literal(false).optional(),
  })
  .meta({ id: 'ReadinessCheck' });

export const ReadinessResponse = z
  .object({
    /** ready: every check passes; degraded: only non-gating ones fail (200); not_ready: 503. */
    status: z.enum(['ready', 'degraded', 'not_ready']),
    checks: z.array(ReadinessCheck),
    /** The gating checks that fail: any of them makes the answer 503. */
    failing: z.array(CheckName),
    /** The non-gating checks that fail: reported, the answer stays 200. */
    degraded: z.array(CheckName).default([]),
  })
  .meta({
    id: 'Readiness',
    description:
      'A per-check report. /readyz: 200 (ready or degraded) while this replica can serve, 503 ' +
      'naming the failing gating checks otherwise. /diagnostics: every check live and gating.',
  });

export type ReadinessCheck = z.infer<typeof ReadinessCheck>;
export type ReadinessResponse = z.infer<typeof ReadinessResponse>;
