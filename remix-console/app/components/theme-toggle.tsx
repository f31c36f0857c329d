import { useFetcher, useLocation } from '@remix-run/react';
import { useState } from 'react';
import type { Theme } from '../lib/theme.ts';
import { Icon } from './nav-icons.tsx';

/** Switches dark/light at once on the page and remembers the choice in a cookie via POST /theme. */
export function ThemeToggle({ theme: initial }: { theme: Theme }) {
  const fetcher = useFetcher();
  const location = useLocation();
  const [theme, setTheme] = useState(initial);
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <fetcher.Form
      method="post"
      action="/theme"
      onSubmit={(event) => {
        event.preventDefault();
        document.documentElement.classList.replace(theme, next);
        setTheme(next);
        fetcher.submit({ theme: next }, { method: 'post', action: '/theme' });
      }}
    >
      <input type="hidden" name="theme" value={next} />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <button
        type="submit"
        data-testid="theme-toggle"
        data-theme={theme}
        aria-label={`Switch to the ${next} theme`}
        title={`Switch to the ${next} theme`}
        className="focus-ring grid size-8 place-items-center rounded-lg border border-line bg-surface text-muted hover:bg-raised hover:text-fg"
      >
        <Icon name={theme === 'dark' ? 'sun' : 'moon'} className="size-4" />
      </button>
    </fetcher.Form>
  );
}
