import { data, type LoaderFunctionArgs } from '@remix-run/node';
import {
  Outlet,
  useLoaderData,
  useLocation,
  useNavigation,
  useRouteLoaderData,
} from '@remix-run/react';
import { AppShell } from '../components/app-shell.tsx';
import { PageSkeleton } from '../components/ui/skeleton.tsx';
import { requireApiSession } from '../lib/api.server.ts';
import { LiveEventsProvider, useConnectionState } from '../lib/live-events.tsx';
import { RoleContext } from '../lib/use-role.ts';
import type { loader as rootLoader } from '../root.tsx';

// Every page under this layout needs a signed-in user; the session refreshes its tokens here.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, headers } = await requireApiSession(request, context);
  const body = { user: { email: user.email, display_name: user.display_name, role: user.role } };
  return data(body, { headers });
}

export default function SignedInLayout() {
  return (
    <LiveEventsProvider>
      <Shell />
    </LiveEventsProvider>
  );
}

function Shell() {
  const { user } = useLoaderData<typeof loader>();
  const theme = useRouteLoaderData<typeof rootLoader>('root')?.theme ?? 'dark';
  const connection = useConnectionState();
  const navigation = useNavigation();
  const location = useLocation();
  // A skeleton only when moving to another page; revalidations and form posts keep the page up.
  const changingPage =
    navigation.state === 'loading' && navigation.location.pathname !== location.pathname;
  return (
    <RoleContext.Provider value={user.role}>
      <AppShell user={user} theme={theme} connection={connection}>
        {changingPage ? <PageSkeleton /> : <Outlet />}
      </AppShell>
    </RoleContext.Provider>
  );
}
