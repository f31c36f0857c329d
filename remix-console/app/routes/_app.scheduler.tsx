import type { MetaFunction } from '@remix-run/node';
import { SchedulerView } from '../components/scheduler/scheduler-view.tsx';
import { loadScheduler, scheduleAction } from '../lib/scheduler.server.ts';

export const meta: MetaFunction = () => [{ title: 'Scheduler · Kyros' }];

export const loader = loadScheduler;
export const action = scheduleAction;

export default function SchedulerPage() {
  return <SchedulerView />;
}
