import { data, redirect, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { safeRedirectPath } from '../lib/session.server.ts';
import { THEMES, themeCookie } from '../lib/theme.ts';

const ThemeForm = z.object({ theme: z.enum(THEMES), redirectTo: z.string().optional() });

// POST /theme: persists the choice; fetchers get data, plain form posts (no JS) a redirect back.
export async function action({ request }: ActionFunctionArgs) {
  const parsed = ThemeForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false }, { status: 400 });
  const headers = { 'set-cookie': themeCookie(parsed.data.theme) };
  if (parsed.data.redirectTo !== undefined) {
    return redirect(safeRedirectPath(parsed.data.redirectTo), { headers });
  }
  return data({ ok: true, theme: parsed.data.theme }, { headers });
}
