import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';

/** Re-runs the page's loaders every `intervalMs` while the tab is visible; true while one runs. */
export function useAutoRevalidate(intervalMs: number): boolean {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  useEffect(() => {
    latest.current = revalidator;
  });
  useEffect(() => {
    const timer = window.setInterval(() => {
      // Skip a tick rather than stack revalidations when the API is slow to answer.
      if (latest.current.state === 'idle' && document.visibilityState === 'visible') {
        latest.current.revalidate();
      }
    }, intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return revalidator.state === 'loading';
}
