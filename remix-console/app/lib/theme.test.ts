import { describe, expect, it } from 'vitest';
import { themeCookie, themeFromCookieHeader } from './theme.ts';

describe('theme cookie', () => {
  it('is dark unless the person chose light', () => {
    expect(themeFromCookieHeader(null)).toBe('dark');
    expect(themeFromCookieHeader('a=1; kyros_theme=light; b=2')).toBe('light');
    expect(themeFromCookieHeader('kyros_theme=purple')).toBe('dark');
    expect(themeFromCookieHeader('not_kyros_theme=light')).toBe('dark');
  });

  it('is remembered for a year on every path', () => {
    expect(themeCookie('light')).toBe('kyros_theme=light; Path=/; Max-Age=31536000; SameSite=Lax');
  });
});
