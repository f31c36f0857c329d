import { LoginRequest } from '@kyros/contracts/schemas/auth';
import { ApiError } from '@kyros/contracts/client';
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { LoginForm } from '../components/login-form.tsx';
import { fetchReadiness } from '../lib/api.server.ts';
import { login } from '../lib/auth-api.server.ts';
import { safeRedirectPath, sessionFromGrant, sessionStorage } from '../lib/session.server.ts';

export const meta: MetaFunction = () => [{ title: 'Sign in · Kyros' }];

function storageFor(request: Request, secret: string) {
  return sessionStorage(secret, new URL(request.url).protocol === 'https:');
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'));
  const session = await storageFor(request, context.sessionSecret).getSession(
    request.headers.get('cookie'),
  );
  if (session.get('accessToken')) {
    const alreadySignedIn: Response = redirect(redirectTo);
    throw alreadySignedIn;
  }
  const readiness = await fetchReadiness({
    apiUrl: context.config.api.url,
    timeoutMs: 3000,
    signal: request.signal,
  });
  return { redirectTo, apiState: readiness.state, apiUrl: readiness.url };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const redirectTo = safeRedirectPath(form.get('redirectTo'));
  const email = formText(form, 'email');
  // The same schema the API validates with, so the form says what is wrong before a round trip.
  const parsed = LoginRequest.safeParse({ email, password: formText(form, 'password') });
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      fields[name] ??= name === 'email' ? 'Enter a valid email address.' : 'Enter your password.';
    }
    return data({ error: undefined, fields, email }, { status: 400 });
  }
  try {
    const grant = await login(context.config.api.url, parsed.data.email, parsed.data.password);
    const storage = storageFor(request, context.sessionSecret);
    const session = await storage.getSession(request.headers.get('cookie'));
    for (const [key, value] of Object.entries(sessionFromGrant(grant))) {
      session.set(key as 'user', value as never);
    }
    return redirect(redirectTo, {
      headers: { 'set-cookie': await storage.commitSession(session) },
    });
  } catch (error) {
    return data({ error: describeLoginFailure(error), fields: {}, email }, { status: 401 });
  }
}

function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

function describeLoginFailure(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'That email and password do not match an active account.';
    if (error.status === 429) return 'Too many attempts. Wait a minute, then try again.';
    return `The API refused the sign-in: ${error.problem.detail ?? error.problem.title}`;
  }
  return 'The API is unreachable, so nobody can sign in right now. Is it running?';
}

export default function Login() {
  const { redirectTo, apiState, apiUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <LoginForm
      redirectTo={redirectTo}
      apiState={apiState}
      apiUrl={apiUrl}
      error={result?.error}
      fieldErrors={result?.fields ?? {}}
      email={result?.email}
    />
  );
}
