import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { useEffect, type ReactNode } from 'react';
import { ErrorPage } from './components/error-page.tsx';
import { ToastProvider } from './components/toasts.tsx';
import { reportBrowserError, startBrowserErrorReporting } from './lib/browser-error-reporting.ts';
import { browserErrorReporting } from './lib/browser-error-reporting.server.ts';
import { useCspNonce } from './lib/csp-nonce.ts';
import { themeFromCookieHeader } from './lib/theme.ts';
import stylesheet from './styles/app.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export function loader({ request, context }: LoaderFunctionArgs) {
  return {
    theme: themeFromCookieHeader(request.headers.get('cookie')),
    // Undefined without SENTRY_DSN: then the page has no Sentry setting and loads no Sentry code.
    errorReporting: browserErrorReporting(context),
  };
}

export function Layout({ children }: { children: ReactNode }) {
  // The error boundary renders without loader data; dark is the default look.
  const root = useRouteLoaderData<typeof loader>('root');
  const theme = root?.theme ?? 'dark';
  const errorReporting = root?.errorReporting;
  const nonce = useCspNonce();
  useEffect(() => {
    if (!errorReporting) return;
    startBrowserErrorReporting(errorReporting).catch((failure: unknown) =>
      console.warn('error reporting could not start', failure),
    );
  }, [errorReporting]);
  return (
    <html lang="en" className={`${theme} h-full`}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-full bg-canvas font-sans text-fg antialiased">
        <ToastProvider>{children}</ToastProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  // Marks the document once React has hydrated it: before that, a click or a keystroke is not
  // React's, and a browser change to the server's markup is a hydration warning.
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  useEffect(() => {
    // An error response (404, 403) is an answer; anything else broke the page for this user.
    if (!isRouteErrorResponse(error)) reportBrowserError(error);
  }, [error]);
  if (isRouteErrorResponse(error)) {
    const detail =
      error.status === 404
        ? 'There is no page at this address.'
        : 'The request could not be served.';
    return <ErrorPage title={`${error.status} ${error.statusText}`} detail={detail} />;
  }
  // In production Remix replaces server error messages with a generic one before they reach here.
  const detail =
    error instanceof Error
      ? error.message
      : 'An unexpected error stopped this page from rendering.';
  return <ErrorPage title="Something went wrong" detail={detail} />;
}
