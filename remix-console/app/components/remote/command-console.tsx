import type { ChannelReply } from '@kyros/contracts/schemas/channels';
import { useState, type FormEvent } from 'react';
import { useChannelSocket, type Exchange, type SocketState } from '../../lib/use-channel-socket.ts';
import { Badge, type BadgeTone } from '../ui/badge.tsx';
import { buttonClass } from '../ui/button.ts';

const STATE_LABELS: Record<SocketState, [string, BadgeTone]> = {
  connecting: ['connecting', 'neutral'],
  open: ['connected', 'good'],
  reconnecting: ['reconnecting', 'warn'],
  closed: ['disconnected', 'bad'],
};

const OUTCOME_TONES: Record<ChannelReply['outcome'], BadgeTone> = {
  ok: 'good',
  refused: 'warn',
  failed: 'bad',
};

const EXAMPLES = ['tasks ready', 'status T-101', 'move T-101 to review', 'help'];

/** The command box and response pane of Remote › Real-time, over the WebSocket channel. */
export function CommandConsole({ ticketAction }: { ticketAction: string }) {
  const { state, actor, exchanges, send, reconnect } = useChannelSocket(ticketAction);
  const [text, setText] = useState('');
  const [label, tone] = STATE_LABELS[state];
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (text.trim() && send(text.trim())) setText('');
  }
  return (
    <section
      aria-labelledby="command-title"
      className="flex min-w-0 flex-col rounded-2xl border border-line bg-surface"
    >
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-line px-5 py-3">
        <h2 id="command-title" className="text-sm font-semibold text-fg">
          Command
        </h2>
        <div className="flex items-center gap-2 text-xs text-muted">
          {actor ? (
            <span className="font-mono" data-testid="remote-actor">
              as {actor}
            </span>
          ) : null}
          <Badge tone={tone} dot testId="remote-socket-state">
            {label}
          </Badge>
          {state === 'closed' ? (
            <button type="button" onClick={reconnect} className={buttonClass('ghost', 'text-xs')}>
              Reconnect
            </button>
          ) : null}
        </div>
      </header>
      <form onSubmit={onSubmit} className="flex gap-2 px-5 pt-4">
        <label htmlFor="remote-command" className="sr-only">
          Command
        </label>
        <input
          id="remote-command"
          data-testid="remote-command"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="move T-101 to review"
          autoComplete="off"
          spellCheck={false}
          maxLength={2000}
          className="focus-ring min-w-0 flex-1 rounded-lg border border-line-strong bg-sunken px-3 py-2 font-mono text-sm text-fg placeholder:text-subtle"
        />
        <button
          type="submit"
          data-testid="remote-send"
          disabled={state !== 'open' || !text.trim()}
          className={buttonClass('primary')}
        >
          Send
        </button>
      </form>
      <div className="flex flex-wrap gap-1.5 px-5 pb-3 pt-2">
        {EXAMPLES.map((example) => (
          <button
            key={example}
            type="button"
            onClick={() => setText(example)}
            className="focus-ring rounded-md px-2 py-0.5 font-mono text-[11px] text-muted ring-1 ring-line hover:bg-raised hover:text-fg"
          >
            {example}
          </button>
        ))}
      </div>
      <ol className="divide-y divide-line border-t border-line" data-testid="remote-responses">
        {exchanges.length === 0 ? (
          <li className="px-5 py-8 text-center text-sm text-muted">
            Replies appear here. The same language works in every channel:{' '}
            <code className="font-mono">claim</code>, <code className="font-mono">move … to …</code>
            , <code className="font-mono">run</code>, <code className="font-mono">approve</code>,{' '}
            <code className="font-mono">start job …</code>.
          </li>
        ) : (
          exchanges.map((exchange) => (
            <ExchangeRow key={exchange.id} exchange={exchange} onSuggest={setText} />
          ))
        )}
      </ol>
    </section>
  );
}

function ExchangeRow({
  exchange,
  onSuggest,
}: {
  exchange: Exchange;
  onSuggest: (text: string) => void;
}) {
  const { reply } = exchange;
  return (
    <li className="px-5 py-3" data-testid="remote-response" data-outcome={reply?.outcome ?? ''}>
      <p className="font-mono text-xs text-subtle">
        <span className="text-accent-fg">›</span> {exchange.text}
      </p>
      {reply ? (
        <div className="mt-1.5">
          <p className="flex items-center gap-2 text-sm text-fg">
            <Badge tone={OUTCOME_TONES[reply.outcome]}>{reply.outcome}</Badge>
            <span data-testid="remote-response-title">{reply.title}</span>
          </p>
          {reply.lines.length > 0 ? (
            <pre className="mt-1.5 whitespace-pre-wrap font-mono text-xs text-muted">
              {reply.lines.join('\n')}
            </pre>
          ) : null}
          {reply.fields.length > 0 ? (
            <dl className="mt-1.5 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
              {reply.fields.map((field) => (
                <div key={field.name} className="contents">
                  <dt className="text-subtle">{field.name}</dt>
                  <dd className="truncate font-mono text-muted">{field.value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {reply.links.length > 0 || reply.suggestions.length > 0 ? (
            <div className="mt-2 flex flex-wrap gap-1.5">
              {reply.links.map((link) => (
                <a
                  key={link.url}
                  href={link.url}
                  target="_blank"
                  rel="noreferrer"
                  className="rounded-md px-2 py-0.5 text-[11px] text-accent-fg ring-1 ring-line hover:bg-raised"
                >
                  {link.label} ↗
                </a>
              ))}
              {reply.suggestions.map((suggestion) => (
                <button
                  key={suggestion}
                  type="button"
                  onClick={() => onSuggest(suggestion)}
                  className="rounded-md px-2 py-0.5 font-mono text-[11px] text-muted ring-1 ring-line hover:bg-raised hover:text-fg"
                >
                  {suggestion}
                </button>
              ))}
            </div>
          ) : null}
        </div>
      ) : exchange.error ? (
        <p className="mt-1 text-sm text-rose-600 dark:text-rose-300">{exchange.error}</p>
      ) : (
        <p className="mt-1 text-sm text-subtle">waiting for the reply…</p>
      )}
    </li>
  );
}
