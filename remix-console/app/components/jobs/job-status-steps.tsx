import type { JobStatus, Variant } from '@kyros/contracts/schemas/jobs';
import { jobSteps, STEP_LABELS, type StepState } from '../../lib/job-view.ts';

const DOT: Record<StepState, string> = {
  done: 'border-emerald-500 bg-emerald-500 text-white',
  current: 'border-accent bg-accent/15 text-accent-fg animate-pulse',
  pending: 'border-line-strong bg-surface text-subtle',
  failed: 'border-rose-500 bg-rose-500 text-white',
};
const GLYPH: Record<StepState, string> = { done: '✓', current: '•', pending: '', failed: '!' };

/** The job's walk through queued → generating → review → exporting → done, as a stepper. */
export function JobStatusSteps({
  status,
  variants,
}: {
  status: JobStatus;
  variants: Pick<Variant, 'status'>[];
}) {
  const steps = jobSteps(status, variants);
  return (
    <ol className="flex w-full items-center" aria-label="Job progress" data-testid="job-steps">
      {steps.map(({ step, state }, index) => (
        <li
          key={step}
          className={`flex items-center ${index < steps.length - 1 ? 'flex-1' : ''}`}
          data-testid={`job-step-${step}`}
          data-state={state}
          aria-current={state === 'current' ? 'step' : undefined}
        >
          <div className="flex flex-col items-center gap-1.5">
            <span
              aria-hidden="true"
              className={`grid size-7 place-items-center rounded-full border-2 text-xs font-bold ${DOT[state]}`}
            >
              {GLYPH[state]}
            </span>
            <span
              className={`whitespace-nowrap text-[11px] font-medium ${
                state === 'pending'
                  ? 'text-subtle'
                  : state === 'failed'
                    ? 'text-rose-600 dark:text-rose-300'
                    : 'text-fg'
              }`}
            >
              {STEP_LABELS[step]}
              <span className="sr-only"> ({state})</span>
            </span>
          </div>
          {index < steps.length - 1 ? (
            <span
              aria-hidden="true"
              className={`mx-2 mb-5 h-0.5 flex-1 rounded ${
                state === 'done' ? 'bg-emerald-500/70' : 'bg-line-strong'
              }`}
            />
          ) : null}
        </li>
      ))}
    </ol>
  );
}
