/** The baseline workflow's activity: trivial work, so only Temporal's own cost is measured. */
export const baselineActivities = {
  // Temporal activities are async functions; this one has nothing to wait for.
  // eslint-disable-next-line @typescript-eslint/require-await
  async trivialStep(step: number): Promise<number> {
    return step + 1;
  },
};

export const BASELINE_WORKFLOW_TYPE = 'benchBaselineWorkflow';
export const BASELINE_TASK_QUEUE = 'kyros-bench-baseline';
