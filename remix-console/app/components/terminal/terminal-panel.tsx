import { useEffect, useRef, useState } from 'react';
import type { Terminal } from '@xterm/xterm';
import type { FitAddon } from '@xterm/addon-fit';
import {
  parseControl,
  readResumePoint,
  requestTicket,
  resumeKey,
  sessionUrl,
  type ResumePoint,
} from './terminal-connection.ts';

type PanelState =
  | { kind: 'connecting' }
  | { kind: 'connected'; sessionId: string; resumed: boolean }
  | { kind: 'ended'; detail: string }
  | { kind: 'failed'; detail: string };

/**
 * A shell on the terminal daemon, rendered with xterm.js in the browser only (xterm needs the
 * DOM; it is imported when the panel mounts). The session survives a reload: the tab keeps its
 * id and resume token and comes back with a fresh ticket, and the daemon replays the scrollback.
 */
export function TerminalPanel({ taskId }: { taskId: string | null }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<PanelState>({ kind: 'connecting' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    let disposed = false;
    let socket: WebSocket | undefined;
    let terminal: Terminal | undefined;
    let observer: ResizeObserver | undefined;
    const key = resumeKey(taskId);
    const encoder = new TextEncoder();

    async function open(resume: ResumePoint | undefined, fit: FitAddon, term: Terminal) {
      const grant = await requestTicket(taskId);
      if (disposed) return;
      const ws = new WebSocket(sessionUrl(grant, { cols: term.cols, rows: term.rows }, resume));
      ws.binaryType = 'arraybuffer';
      socket = ws;
      let opened = false;
      ws.onopen = () => {
        opened = true;
      };
      ws.onmessage = (message: MessageEvent<ArrayBuffer | string>) => {
        if (typeof message.data !== 'string') {
          term.write(new Uint8Array(message.data));
          return;
        }
        const control = parseControl(message.data);
        if (control?.type === 'ready') {
          sessionStorage.setItem(
            key,
            JSON.stringify({ session_id: control.session_id, resume_token: control.resume_token }),
          );
          setState({ kind: 'connected', sessionId: control.session_id, resumed: control.resumed });
          fit.fit();
        } else if (control?.type === 'exit') {
          sessionStorage.removeItem(key);
        }
      };
      ws.onclose = (event) => {
        if (disposed) return;
        if (!opened && resume) {
          // The session ended while the page was away (or is not ours): start a new one.
          sessionStorage.removeItem(key);
          void open(undefined, fit, term).catch(fail);
          return;
        }
        if (!opened) {
          fail(new Error('The terminal daemon refused the connection'));
          return;
        }
        const detail =
          event.code === 4000
            ? 'Closed after being idle too long.'
            : event.reason || 'The session ended.';
        setState({ kind: 'ended', detail });
      };
    }

    function fail(error: unknown) {
      if (disposed) return;
      setState({ kind: 'failed', detail: error instanceof Error ? error.message : String(error) });
    }

    void (async () => {
      const [{ Terminal: XTerm }, { FitAddon: Fit }] = await Promise.all([
        import('@xterm/xterm'),
        import('@xterm/addon-fit'),
      ]);
      if (disposed) return;
      const term = new XTerm({
        cursorBlink: true,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
        fontSize: 13,
        scrollback: 5000,
        theme: { background: '#0b0f17' },
      });
      const fit = new Fit();
      term.loadAddon(fit);
      term.open(element);
      fit.fit();
      terminal = term;
      term.onData((data) => {
        if (socket?.readyState === WebSocket.OPEN) socket.send(encoder.encode(data));
      });
      term.onResize(({ cols, rows }) => {
        if (socket?.readyState === WebSocket.OPEN) {
          socket.send(JSON.stringify({ type: 'resize', cols, rows }));
        }
      });
      observer = new ResizeObserver(() => fit.fit());
      observer.observe(element);
      term.focus();
      await open(readResumePoint(sessionStorage, key), fit, term);
    })().catch(fail);

    return () => {
      disposed = true;
      observer?.disconnect();
      socket?.close();
      terminal?.dispose();
    };
  }, [taskId, attempt]);

  return (
    <section
      className="overflow-hidden rounded-xl border border-line bg-[#0b0f17] shadow-sm"
      data-testid="terminal-panel"
      data-state={state.kind}
    >
      <header className="flex items-center justify-between gap-3 border-b border-white/10 px-3 py-2 text-[12px] text-slate-300">
        <span className="font-mono" data-testid="terminal-status">
          {describe(state, taskId)}
        </span>
        {state.kind === 'ended' || state.kind === 'failed' ? (
          <button
            type="button"
            className="focus-ring rounded-md px-2 py-0.5 ring-1 ring-white/20 hover:bg-white/10"
            onClick={() => {
              sessionStorage.removeItem(resumeKey(taskId));
              setState({ kind: 'connecting' });
              setAttempt((count) => count + 1);
            }}
          >
            New session
          </button>
        ) : null}
      </header>
      <div ref={host} className="h-[28rem] p-2" data-testid="terminal-screen" />
    </section>
  );
}

function describe(state: PanelState, taskId: string | null): string {
  const scope = taskId ? `shell for ${taskId}` : 'shell';
  switch (state.kind) {
    case 'connecting':
      return `Opening a ${scope}…`;
    case 'connected':
      return `${state.resumed ? 'Resumed' : 'Connected'}: ${scope} · ${state.sessionId}`;
    case 'ended':
      return state.detail;
    case 'failed':
      return `Could not open a ${scope}: ${state.detail}`;
  }
}
