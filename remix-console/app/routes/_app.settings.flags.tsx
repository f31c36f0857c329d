import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { FlagsPanel } from '../components/settings/flags-panel.tsx';
import { SettingsSection } from '../components/settings/settings-section.tsx';
import { withApi } from '../lib/api.server.ts';
import { readFlags } from '../lib/flags.server.ts';

export const meta: MetaFunction = () => [{ title: 'Flags · Settings · Kyros' }];

// Read-only: the flags change in their file, which the console reads on each request.
export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async () => ({ flags: await readFlags(context.flagsFile) }));
}

export default function FlagsSettings() {
  const { flags } = useLoaderData<typeof loader>();
  return (
    <SettingsSection id="flags">
      <FlagsPanel flags={flags} />
    </SettingsSection>
  );
}
