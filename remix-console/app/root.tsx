import type { LinksFunction } from '@remix-run/node';
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { ErrorPage } from './components/error-page.tsx';
import stylesheet from './styles/app.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className="dark h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="dark" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-full bg-zinc-950 font-sans text-zinc-100 antialiased">
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
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
