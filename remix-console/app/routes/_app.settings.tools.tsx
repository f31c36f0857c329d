import { ToolName, UpdateToolRequest } from '@kyros/contracts/schemas/tools';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { SettingsSection } from '../components/settings/settings-section.tsx';
import { ToolCard } from '../components/settings/tool-card.tsx';
import { describeApiFailure, withApi } from '../lib/api.server.ts';
import { invalidForm, parseFormPost } from '../lib/form-data.ts';
import { roleBlock } from '../lib/roles.ts';
import { parseToolConfigForm } from '../lib/tool-config-form.ts';
import { useLiveRevalidate } from '../lib/use-live-revalidate.ts';
import { useRole } from '../lib/use-role.ts';

export const meta: MetaFunction = () => [{ title: 'Tools · Settings · Kyros' }];

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api }) => ({ tools: await api.tools.listTools() }));
}

// The options (`config.<key>` fields) are checked with the tool's own schema by parseToolConfigForm.
const ToolPost = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('tool-toggle'),
    name: ToolName,
    etag: z.string().min(1),
    enabled: z.enum(['true', 'false']).transform((value) => value === 'true'),
  }),
  z.object({ intent: z.literal('tool-configure'), name: ToolName, etag: z.string().min(1) }),
]);

export function action({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const form = await request.formData();
    const post = parseFormPost(ToolPost, form, 'tools action');
    try {
      switch (post.intent) {
        case 'tool-toggle': {
          const change = UpdateToolRequest.parse({ enabled: post.enabled });
          const tool = await api.tools.updateTool(post.name, change, post.etag);
          return {
            ok: true as const,
            message: `${tool.name} ${tool.enabled ? 'enabled' : 'disabled'}`,
            detail: tool.enabled ? undefined : 'Tasks naming it cannot run until it is enabled',
          };
        }
        case 'tool-configure': {
          const parsed = parseToolConfigForm(form);
          if (!parsed.ok) return invalidForm(parsed.errors, 'Check the options');
          const tool = await api.tools.updateTool(post.name, { config: parsed.config }, post.etag);
          return {
            ok: true as const,
            message: `${tool.name} options saved`,
            detail: 'Runs started from now on use them',
          };
        }
      }
    } catch (error) {
      return describeApiFailure(error);
    }
  });
}

export default function ToolsSettings() {
  const { tools } = useLoaderData<typeof loader>();
  const role = useRole();
  useLiveRevalidate((event) => event.event.startsWith('tool_'));
  return (
    <SettingsSection id="tools">
      <div className="space-y-4" data-testid="tools-list">
        {tools.map((tool) => (
          <ToolCard key={tool.name} tool={tool} block={roleBlock(role, 'admin', 'change tools')} />
        ))}
      </div>
    </SettingsSection>
  );
}
