import type { ReadinessCheck } from '@kyros/contracts/schemas/health';

/** What the console learnt from the API's /readyz: a report, or why there is none. */
export type ApiReadiness =
  | {
      state: 'ready' | 'not_ready';
      url: string;
      checkedAt: string;
      checks: ReadinessCheck[];
    }
  | {
      /** unreachable: no HTTP answer; unexpected: an answer that is not a readiness report. */
      state: 'unreachable' | 'unexpected';
      url: string;
      checkedAt: string;
      reason: string;
    };
