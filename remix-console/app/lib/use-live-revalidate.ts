import type { CollabEvent } from '@kyros/contracts/schemas/collab-events';
import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useLiveEvents } from './live-events.tsx';

/**
 * Re-runs the page's loaders when a live event it cares about arrives (or the stream was reset);
 * a burst of events within `debounceMs` costs one revalidation.
 */
export function useLiveRevalidate(matches: (event: CollabEvent) => boolean, debounceMs = 150) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    latest.current = revalidator;
  });
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useLiveEvents((message) => {
    if (message.type === 'event' && !matches(message.event)) return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => latest.current.revalidate(), debounceMs);
  });
}
