import { buttonClass } from '../ui/button.ts';

/** The Markdown the API generated from the filtered events (it also appends it to logs/log.md). */
export function HumanLogPanel({
  markdown,
  eventCount,
  onClose,
}: {
  markdown: string;
  eventCount: number;
  onClose: () => void;
}) {
  return (
    <section
      aria-labelledby="human-log-title"
      data-testid="human-log"
      className="overflow-hidden rounded-2xl border border-line bg-surface"
    >
      <header className="flex items-center justify-between gap-3 border-b border-line px-5 py-3">
        <div>
          <h2 id="human-log-title" className="text-sm font-semibold text-fg">
            Human log
          </h2>
          <p className="text-xs text-subtle">
            {eventCount} event{eventCount === 1 ? '' : 's'} · appended to{' '}
            <code className="font-mono">logs/log.md</code>
          </p>
        </div>
        <div className="flex gap-2">
          <button
            type="button"
            className={buttonClass('ghost')}
            onClick={() => void navigator.clipboard?.writeText(markdown)}
            data-testid="human-log-copy"
          >
            Copy
          </button>
          <button
            type="button"
            className={buttonClass('ghost')}
            onClick={onClose}
            data-testid="human-log-close"
          >
            Close
          </button>
        </div>
      </header>
      <pre
        data-testid="human-log-markdown"
        className="max-h-[28rem] overflow-auto whitespace-pre-wrap px-5 py-4 font-mono text-xs leading-relaxed text-muted"
      >
        {markdown}
      </pre>
    </section>
  );
}
