import { useState, type ReactNode } from 'react';
import { buttonClass } from './button.ts';

/**
 * A secret the API answers only once (an API key, a webhook's signing secret), with a copy
 * button. `testId` prefixes the panel's test ids: `<testId>-secret-panel`, `-secret`, `-copy`.
 */
export function SecretOnce({
  secret,
  testId,
  children,
}: {
  secret: string;
  testId: string;
  /** What was created or rotated, said before "Copy … now". */
  children: ReactNode;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div
      data-testid={`${testId}-secret-panel`}
      role="status"
      className="rounded-xl border border-amber-500/40 bg-amber-500/10 p-4"
    >
      <p className="text-sm font-medium text-fg">
        {children} Copy its secret now: it is shown only once.
      </p>
      <div className="mt-2 flex items-center gap-2">
        <code
          data-testid={`${testId}-secret`}
          className="min-w-0 flex-1 select-all truncate rounded-lg border border-line-strong bg-canvas px-3 py-2 font-mono text-xs text-fg"
        >
          {secret}
        </code>
        <button
          type="button"
          data-testid={`${testId}-copy`}
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
          className={buttonClass('secondary', '!px-3 !py-1.5 text-xs')}
        >
          {copied ? '✓ Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}
