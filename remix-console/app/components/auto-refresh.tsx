import { useAutoRevalidate } from '../lib/use-auto-revalidate.ts';

/**
 * Polls the page's loaders while mounted. The workflow's own status moves (generating → review →
 * done) are not on the event stream (only people's actions are audited), so a page showing a
 * moving job renders this until the job is final.
 */
export function AutoRefresh({ intervalMs }: { intervalMs: number }) {
  useAutoRevalidate(intervalMs);
  return null;
}
