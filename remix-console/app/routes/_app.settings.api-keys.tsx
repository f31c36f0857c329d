import { ApiKeyId, CreateApiKeyRequest } from '@kyros/contracts/schemas/auth';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { ApiKeysPanel } from '../components/settings/api-keys-panel.tsx';
import { AdminOnly, SettingsSection } from '../components/settings/settings-section.tsx';
import { describeApiFailure, withApi } from '../lib/api.server.ts';
import { fieldErrors, formText, invalidForm, parseFormPost } from '../lib/form-data.ts';
import { hasRole } from '../lib/roles.ts';
import { useNow } from '../lib/use-now.ts';
import { useRole } from '../lib/use-role.ts';

export const meta: MetaFunction = () => [{ title: 'API keys · Settings · Kyros' }];

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api, user }) => ({
    // Only admins may list keys; everyone else sees why instead of a 403.
    apiKeys: hasRole(user.role, 'admin') ? await api.admin.listApiKeys() : null,
    now: Date.now(),
  }));
}

// A new key's name, role and agent are checked with CreateApiKeyRequest, field by field.
const ApiKeyPost = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('key-create') }),
  z.object({ intent: z.literal('key-revoke'), id: ApiKeyId }),
]);

export function action({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const form = await request.formData();
    const post = parseFormPost(ApiKeyPost, form, 'API keys action');
    try {
      switch (post.intent) {
        case 'key-create': {
          const agentId = formText(form, 'agent_id').trim();
          const parsed = CreateApiKeyRequest.safeParse({
            name: formText(form, 'name').trim(),
            role: form.get('role'),
            ...(agentId ? { agent_id: agentId } : {}),
          });
          if (!parsed.success) return invalidForm(fieldErrors(parsed.error.issues));
          const created = await api.admin.createApiKey(parsed.data);
          return {
            ok: true as const,
            message: `API key ${created.api_key.name} created`,
            secret: created.secret,
            name: created.api_key.name,
          };
        }
        case 'key-revoke':
          await api.admin.revokeApiKey(post.id);
          return { ok: true as const, message: 'API key revoked' };
      }
    } catch (error) {
      return describeApiFailure(error);
    }
  });
}

export default function ApiKeysSettings() {
  const { apiKeys, now: loadedAt } = useLoaderData<typeof loader>();
  const now = useNow(30_000, loadedAt);
  const role = useRole();
  return (
    <SettingsSection id="api-keys" badge={apiKeys ? undefined : 'admin only'}>
      {apiKeys ? (
        <ApiKeysPanel keys={apiKeys} now={now} />
      ) : (
        <AdminOnly role={role} what="manage API keys" />
      )}
    </SettingsSection>
  );
}
