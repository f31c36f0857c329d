import type { ButtonHTMLAttributes } from 'react';

/**
 * A button the user's role may not be allowed to press: disabled with the reason as its tooltip
 * (on a wrapper too, because disabled buttons get no hover in some browsers).
 */
export function GatedButton({
  block,
  disabled,
  title,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  /** Why the role cannot do this (from roleBlock), or undefined when it can. */
  block: string | undefined;
  'data-testid'?: string;
}) {
  if (!block) return <button {...props} disabled={disabled} title={title} />;
  return (
    <span title={block} className="inline-flex cursor-not-allowed" data-role-blocked="true">
      <button {...props} disabled aria-disabled="true" title={block} />
    </span>
  );
}
