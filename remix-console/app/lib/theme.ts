export const THEMES = ['dark', 'light'] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_COOKIE = 'kyros_theme';

/** The theme in a Cookie header; dark unless the person chose light. */
export function themeFromCookieHeader(header: string | null): Theme {
  const match = header?.match(/(?:^|;\s*)kyros_theme=(dark|light)(?:;|$)/);
  return match?.[1] === 'light' ? 'light' : 'dark';
}

/** A year-long, script-readable cookie: the theme is a preference, not a secret. */
export function themeCookie(theme: Theme): string {
  return `${THEME_COOKIE}=${theme}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
