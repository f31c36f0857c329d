export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

const BASE =
  'focus-ring inline-flex items-center justify-center gap-2 rounded-lg text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50';

const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-accent px-3.5 py-2 text-white shadow-sm shadow-indigo-950/30 hover:bg-indigo-500',
  secondary: 'border border-line-strong bg-surface px-3.5 py-2 text-fg hover:bg-raised',
  ghost: 'px-2.5 py-1.5 text-muted hover:bg-raised hover:text-fg',
  danger:
    'border border-rose-500/30 bg-rose-500/10 px-3.5 py-2 text-rose-600 hover:bg-rose-500/20 dark:text-rose-300',
};

/** Class names of the console's buttons, for <button>, <Link> and <a> alike. */
export function buttonClass(variant: ButtonVariant = 'secondary', extra = ''): string {
  return `${BASE} ${VARIANTS[variant]} ${extra}`.trim();
}
