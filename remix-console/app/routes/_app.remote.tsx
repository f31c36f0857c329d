import { Outlet } from '@remix-run/react';
import { PageHeader } from '../components/ui/page-header.tsx';
import { TabNav } from '../components/ui/tab-nav.tsx';

// The Remote Control layout: the header and the tabs; each tab is a route of its own
// (`_app.remote.<tab>.tsx`, Real-time is the index). The Terminal tab's route is the terminal
// daemon's console panel (`_app.remote.terminal.tsx`).
const TABS = [
  { to: '/remote', id: 'realtime', label: 'Real-time', end: true },
  { to: '/remote/scheduled', id: 'scheduled', label: 'Scheduled' },
  { to: '/remote/triggers', id: 'triggers', label: 'Triggers' },
  { to: '/remote/terminal', id: 'terminal', label: 'Terminal' },
];

export default function RemoteLayout() {
  return (
    <>
      <PageHeader
        eyebrow="Remote control"
        title="Remote"
        description="Steer Kyros from here as any channel would: commands over the channel hub's WebSocket, schedules that start jobs by themselves, the triggers that reach in from outside, and a shell."
      />
      <TabNav label="Remote control" testId="remote-nav" tabs={TABS} />
      <Outlet />
    </>
  );
}
