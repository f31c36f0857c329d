import { Form, useNavigation } from '@remix-run/react';
import type { ApiReadiness } from '../lib/readiness.ts';
import { buttonClass } from './ui/button.ts';

const API_STATES: Record<ApiReadiness['state'], { label: string; dot: string }> = {
  ready: { label: 'API ready', dot: 'bg-emerald-400' },
  degraded: { label: 'API ready, degraded', dot: 'bg-amber-400' },
  not_ready: { label: 'API up, not ready', dot: 'bg-amber-400' },
  unreachable: { label: 'API unreachable', dot: 'bg-rose-500' },
  unexpected: { label: 'Unexpected API answer', dot: 'bg-amber-400' },
};

const INPUT =
  'focus-ring mt-1.5 block w-full rounded-lg border border-line-strong bg-sunken px-3 py-2.5 text-sm text-fg placeholder:text-subtle aria-[invalid=true]:border-rose-500/60';

export function LoginForm({
  redirectTo,
  apiState,
  apiUrl,
  error,
  fieldErrors,
  email,
}: {
  redirectTo: string;
  apiState: ApiReadiness['state'];
  apiUrl: string;
  error?: string;
  fieldErrors: Record<string, string>;
  email?: string;
}) {
  const navigation = useNavigation();
  const submitting = navigation.state !== 'idle' && navigation.formMethod === 'POST';
  const api = API_STATES[apiState];
  return (
    <div className="relative flex min-h-screen items-center justify-center overflow-hidden px-6 py-16">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-x-0 -top-48 h-[36rem] bg-[radial-gradient(ellipse_at_top,rgba(99,102,241,0.25),transparent_60%)]"
      />
      <main className="relative w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <img src="/favicon.svg" alt="" className="size-11" />
          <h1 className="mt-5 text-2xl font-semibold tracking-tight text-fg">Sign in to Kyros</h1>
          <p className="mt-2 text-sm text-muted">The control room for your AI coding agents.</p>
        </div>
        <Form
          method="post"
          noValidate
          data-testid="login-form"
          className="space-y-5 rounded-2xl border border-line bg-surface/80 p-6 shadow-2xl shadow-black/20 backdrop-blur"
        >
          <input type="hidden" name="redirectTo" value={redirectTo} />
          {error ? (
            <p
              role="alert"
              data-testid="login-error"
              className="rounded-lg border border-rose-500/30 bg-rose-500/10 px-3 py-2.5 text-sm text-rose-700 dark:text-rose-200"
            >
              {error}
            </p>
          ) : null}
          <div>
            <label htmlFor="email" className="text-sm font-medium text-fg">
              Email
            </label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              defaultValue={email}
              data-testid="login-email"
              aria-invalid={fieldErrors.email ? true : undefined}
              aria-describedby={fieldErrors.email ? 'email-error' : undefined}
              placeholder="you@example.com"
              className={INPUT}
            />
            {fieldErrors.email ? (
              <p id="email-error" className="mt-1.5 text-xs text-rose-600 dark:text-rose-300">
                {fieldErrors.email}
              </p>
            ) : null}
          </div>
          <div>
            <label htmlFor="password" className="text-sm font-medium text-fg">
              Password
            </label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              data-testid="login-password"
              aria-invalid={fieldErrors.password ? true : undefined}
              aria-describedby={fieldErrors.password ? 'password-error' : undefined}
              className={INPUT}
            />
            {fieldErrors.password ? (
              <p id="password-error" className="mt-1.5 text-xs text-rose-600 dark:text-rose-300">
                {fieldErrors.password}
              </p>
            ) : null}
          </div>
          <button
            type="submit"
            data-testid="login-submit"
            disabled={submitting}
            className={buttonClass('primary', 'w-full py-2.5')}
          >
            {submitting ? 'Signing in…' : 'Sign in'}
          </button>
        </Form>
        <p
          className="mt-6 flex items-center justify-center gap-2 text-xs text-subtle"
          data-testid="login-api-status"
          data-state={apiState}
          title={apiUrl}
        >
          <span aria-hidden="true" className={`size-1.5 rounded-full ${api.dot}`} />
          {api.label}
        </p>
      </main>
    </div>
  );
}
