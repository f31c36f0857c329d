// The workflow bundle's entry point (Worker `workflowsPath`): every workflow the worker serves.
export { readinessProbe } from './readiness-probe.ts';
