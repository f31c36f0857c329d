import { CreateUserRequest, RoleSchema, UserId } from '@kyros/contracts/schemas/auth';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { AdminOnly, SettingsSection } from '../components/settings/settings-section.tsx';
import { UsersPanel } from '../components/settings/users-panel.tsx';
import { describeApiFailure, withApi } from '../lib/api.server.ts';
import { fieldErrors, formText, invalidForm, parseFormPost } from '../lib/form-data.ts';
import { hasRole } from '../lib/roles.ts';
import { useNow } from '../lib/use-now.ts';
import { useRole } from '../lib/use-role.ts';

export const meta: MetaFunction = () => [{ title: 'Users · Settings · Kyros' }];

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApi(request, context, async ({ api, user }) => ({
    // Only admins may list users; everyone else sees why instead of a 403.
    users: hasRole(user.role, 'admin') ? await api.admin.listUsers() : null,
    email: user.email,
    now: Date.now(),
  }));
}

// A new user's fields are checked with CreateUserRequest, field by field.
const UserPost = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('user-create') }),
  z.object({
    intent: z.literal('user-toggle'),
    id: UserId,
    disabled: z.enum(['true', 'false']).transform((value) => value === 'true'),
  }),
  z.object({ intent: z.literal('user-role'), id: UserId, role: RoleSchema }),
]);

export function action({ request, context }: ActionFunctionArgs) {
  return withApi(request, context, async ({ api }) => {
    const form = await request.formData();
    const post = parseFormPost(UserPost, form, 'users action');
    try {
      switch (post.intent) {
        case 'user-create': {
          const raw = Object.fromEntries(
            ['email', 'display_name', 'password', 'role'].map((name) => [
              name,
              formText(form, name).trim(),
            ]),
          );
          if (raw.display_name === '') delete raw.display_name;
          const parsed = CreateUserRequest.safeParse(raw);
          if (!parsed.success) return invalidForm(fieldErrors(parsed.error.issues));
          const user = await api.admin.createUser(parsed.data);
          return {
            ok: true as const,
            message: `${user.email} can now sign in`,
            detail: `role ${user.role}`,
          };
        }
        case 'user-toggle': {
          const user = await api.admin.patchUser(post.id, { disabled: post.disabled });
          return {
            ok: true as const,
            message: `${user.email} ${user.disabled ? 'disabled' : 'enabled'}`,
          };
        }
        case 'user-role': {
          const user = await api.admin.patchUser(post.id, { role: post.role });
          return { ok: true as const, message: `${user.email} is now ${user.role}` };
        }
      }
    } catch (error) {
      return describeApiFailure(error);
    }
  });
}

export default function UsersSettings() {
  const { users, email, now: loadedAt } = useLoaderData<typeof loader>();
  const now = useNow(30_000, loadedAt);
  const role = useRole();
  return (
    <SettingsSection id="users" badge={users ? undefined : 'admin only'}>
      {users ? (
        <UsersPanel users={users} currentEmail={email} now={now} />
      ) : (
        <AdminOnly role={role} what="manage users" />
      )}
    </SettingsSection>
  );
}
