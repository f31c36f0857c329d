import { useEffect, useState } from 'react';

/** The current time, ticking every `intervalMs`; starts from `initial` so SSR and hydration agree. */
export function useNow(intervalMs = 1000, initial?: number): number {
  const [now, setNow] = useState(() => initial ?? Date.now());
  useEffect(() => {
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
