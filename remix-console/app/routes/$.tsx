import { data, type MetaFunction } from '@remix-run/node';
import { ErrorPage } from '../components/error-page.tsx';

export const meta: MetaFunction = () => [{ title: 'Not found · Kyros' }];

// Catches unknown paths so they answer a plain 404; unmatched URLs are otherwise logged as server errors.
export function loader() {
  return data(null, { status: 404 });
}

export default function NotFound() {
  return <ErrorPage title="404 Not Found" detail="There is no page at this address." />;
}
