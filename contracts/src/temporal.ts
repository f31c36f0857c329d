/** One id for every probe run: concurrent probes share a run, and the UI lists one entry. */
export const READINESS_PROBE_WORKFLOW_ID = 'kyros-readiness-probe';
