import type { MetaFunction } from '@remix-run/node';
import { SchedulerView } from '../components/scheduler/scheduler-view.tsx';
import { loadScheduler, scheduleAction } from '../lib/scheduler.server.ts';

export const meta: MetaFunction = () => [{ title: 'Remote · Scheduled · Kyros' }];

// The Scheduler's own loader, action and view, under the Remote tabs.
export const loader = loadScheduler;
export const action = scheduleAction;

export default function RemoteScheduled() {
  return <SchedulerView header={false} />;
}
