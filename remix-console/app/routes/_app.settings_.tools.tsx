import { UpdateToolRequest } from '@kyros/contracts/schemas/tools';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ToolCard } from '../components/settings/tool-card.tsx';
import { PageHeader } from '../components/ui/page-header.tsx';
import { describeApiFailure, withApi } from '../lib/api.server.ts';
import { formText } from '../lib/form-data.ts';
import { roleBlock } from '../lib/roles.ts';
import { parseToolConfigForm } from '../lib/tool-config-form.ts';
import { useLiveRevalidate } from '../lib/use-live-revalidate.ts';
import { useRole } from '../lib/use-role.ts';

export const meta: MetaFunction = () => [{ title: 'Tools · Settings · Kyros' }];

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api }) => ({ tools: await api.tools.listTools() }));
}

const invalid = (errors: Record<string, string>) => ({
  ok: false as const,
  status: 400,
  title: 'Check the options',
  detail: Object.values(errors)[0] ?? 'invalid',
  errors,
});

export function action({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const form = await request.formData();
    const name = formText(form, 'name');
    const etag = formText(form, 'etag');
    try {
      switch (formText(form, 'intent')) {
        case 'tool-toggle': {
          const change = UpdateToolRequest.parse({ enabled: formText(form, 'enabled') === 'true' });
          const tool = await api.tools.updateTool(name, change, etag);
          return {
            ok: true as const,
            message: `${tool.name} ${tool.enabled ? 'enabled' : 'disabled'}`,
            detail: tool.enabled ? undefined : 'Tasks naming it cannot run until it is enabled',
          };
        }
        case 'tool-configure': {
          const parsed = parseToolConfigForm(form);
          if (!parsed.ok) return invalid(parsed.errors);
          const tool = await api.tools.updateTool(parsed.name, { config: parsed.config }, etag);
          return {
            ok: true as const,
            message: `${tool.name} options saved`,
            detail: 'Runs started from now on use them',
          };
        }
        default:
          throw new Response('Unknown action', { status: 400 });
      }
    } catch (error) {
      if (error instanceof Response) throw error;
      return describeApiFailure(error);
    }
  });
}

export default function ToolsSettingsPage() {
  const { tools } = useLoaderData<typeof loader>();
  const role = useRole();
  useLiveRevalidate((event) => event.event.startsWith('tool_'));
  const block = roleBlock(role, 'admin', 'change tools');
  return (
    <>
      <PageHeader
        eyebrow="Settings"
        title="Tools"
        description="The executors and flows tasks may run. The list is fixed in code; here an admin disables one or sets its options. A task whose executor is disabled cannot run."
        actions={
          <Link to="/settings" className="text-sm text-muted hover:text-fg">
            ← All settings
          </Link>
        }
      />
      <div className="space-y-4" data-testid="tools-list">
        {tools.map((tool) => (
          <ToolCard key={tool.name} tool={tool} block={block} />
        ))}
      </div>
    </>
  );
}
