import { randomBytes, timingSafeEqual } from 'node:crypto';
import pty from '@lydell/node-pty';
import type { WebSocket } from 'ws';
import {
  TERMINAL_CLOSE_CODES,
  TerminalClientMessage,
  type TerminalGrant,
  type TerminalServerMessage,
} from '@kyros/contracts/schemas/terminal';
import type { CastRecorder } from './cast-recorder.ts';
import { ScrollbackRing } from './domain/scrollback-ring.ts';

export type CloseReason = 'exit' | 'idle' | 'abandoned' | 'shutdown';

export interface SessionClosed {
  exitCode: number;
  signal: number | undefined;
  reason: CloseReason;
  durationMs: number;
}

export interface TerminalSessionOptions {
  id: string;
  grant: TerminalGrant;
  shell: string;
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
  recorder: CastRecorder;
  scrollbackBytes: number;
  idleMs: number;
  graceMs: number;
  onClosed(closed: SessionClosed): void;
}

// Above this many bytes queued on the socket the shell is paused until the client catches up.
const HIGH_WATER = 1024 * 1024;

/**
 * One shell on a pty, outliving its WebSocket by a grace period so a reload resumes it with its
 * scrollback. It closes when the shell exits, when nothing is typed or printed for `idleMs`, when
 * no client comes back within `graceMs`, or when the daemon stops.
 */
export class TerminalSession {
  readonly id: string;
  readonly grant: TerminalGrant;
  readonly startedAt = Date.now();
  readonly recordingFile: string;
  private readonly resumeToken = randomBytes(24).toString('base64url');
  private readonly pty: pty.IPty;
  private readonly ring: ScrollbackRing;
  private socket: WebSocket | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private closeReason: CloseReason | undefined;
  private ended = false;
  private paused = false;
  readonly exited: Promise<SessionClosed>;

  constructor(private readonly options: TerminalSessionOptions) {
    this.id = options.id;
    this.grant = options.grant;
    this.recordingFile = options.recorder.file;
    this.ring = new ScrollbackRing(options.scrollbackBytes);
    this.pty = pty.spawn(options.shell, ['-l'], {
      name: 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: options.cwd,
      env: options.env,
    });
    this.pty.onData((data) => this.output(data));
    this.exited = new Promise((resolve) => {
      this.pty.onExit(({ exitCode, signal }) => {
        this.ended = true;
        clearTimeout(this.idleTimer);
        clearTimeout(this.graceTimer);
        const closed: SessionClosed = {
          exitCode,
          signal: signal || undefined,
          reason: this.closeReason ?? 'exit',
          durationMs: Date.now() - this.startedAt,
        };
        this.send({ type: 'exit', exit_code: exitCode });
        const code = closed.reason === 'idle' ? TERMINAL_CLOSE_CODES.idleTimeout : 1000;
        this.socket?.close(code, closed.reason === 'idle' ? 'idle timeout' : 'shell exited');
        void this.options.recorder.close().finally(() => {
          options.onClosed(closed);
          resolve(closed);
        });
      });
    });
    this.touch();
    // Until a client attaches, the session waits as a detached one does.
    this.graceTimer = setTimeout(() => this.close('abandoned'), options.graceMs);
  }

  /** True when `token` is this session's resume token (compared in constant time). */
  resumableWith(token: string): boolean {
    const given = Buffer.from(token);
    const expected = Buffer.from(this.resumeToken);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Connects a client; a resuming one first gets the scrollback. A previous client is cut off. */
  attach(socket: WebSocket, resumed: boolean): void {
    clearTimeout(this.graceTimer);
    if (this.socket && this.socket !== socket) this.socket.close(1000, 'resumed elsewhere');
    this.socket = socket;
    this.send({ type: 'ready', session_id: this.id, resume_token: this.resumeToken, resumed });
    if (resumed && this.ring.byteLength > 0) socket.send(this.ring.contents());
    socket.on('message', (data, isBinary) => this.input(socket, data, isBinary));
    socket.on('close', () => this.detach(socket));
  }

  /** Hangs up the shell, as closing a terminal window does; a shell that ignores it is killed. */
  close(reason: CloseReason): void {
    if (this.closeReason !== undefined) return;
    this.closeReason = reason;
    this.pty.kill('SIGHUP');
    const kill = setTimeout(() => this.pty.kill('SIGKILL'), 2_000);
    void this.exited.finally(() => clearTimeout(kill));
  }

  private input(socket: WebSocket, data: unknown, isBinary: boolean): void {
    if (socket !== this.socket) return;
    const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
    if (isBinary) {
      this.touch();
      this.pty.write(bytes.toString('utf8'));
      return;
    }
    let parsed;
    try {
      parsed = TerminalClientMessage.safeParse(JSON.parse(bytes.toString('utf8')));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      socket.close(TERMINAL_CLOSE_CODES.badMessage, 'text frames must be a resize message');
      return;
    }
    this.pty.resize(parsed.data.cols, parsed.data.rows);
    this.options.recorder.resize(parsed.data.cols, parsed.data.rows);
  }

  private output(data: string): void {
    this.touch();
    const bytes = Buffer.from(data, 'utf8');
    this.ring.push(bytes);
    this.options.recorder.output(data);
    const socket = this.socket;
    if (!socket || socket.readyState !== socket.OPEN) return;
    socket.send(bytes, () => {
      if (this.paused && socket.bufferedAmount < HIGH_WATER / 4) {
        this.paused = false;
        this.pty.resume();
      }
    });
    if (!this.paused && socket.bufferedAmount > HIGH_WATER) {
      this.paused = true;
      this.pty.pause();
    }
  }

  private detach(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    if (this.paused) {
      this.paused = false;
      this.pty.resume();
    }
    if (!this.ended && this.closeReason === undefined) {
      this.graceTimer = setTimeout(() => this.close('abandoned'), this.options.graceMs);
    }
  }

  private touch(): void {
    if (this.ended) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.close('idle'), this.options.idleMs);
  }

  private send(message: TerminalServerMessage): void {
    const socket = this.socket;
    if (socket && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }
}
