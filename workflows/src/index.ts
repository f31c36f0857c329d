// The workflow bundle's entry point (Worker `workflowsPath`): every workflow the worker serves.
export { jobWorkflow, scheduledJobWorkflow } from './job-workflow.ts';
export { leaseReaperWorkflow } from './lease-reaper-workflow.ts';
export { readinessProbe } from './readiness-probe.ts';
export { slackReplyWorkflow } from './slack-reply-workflow.ts';
export { taskWorkflow } from './task-workflow.ts';
export { emailPollWorkflow } from './email-poll-workflow.ts';
export { webhookDeliveryWorkflow } from './webhook-delivery-workflow.ts';
