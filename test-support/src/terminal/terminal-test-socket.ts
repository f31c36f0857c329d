import { once } from 'node:events';
import { WebSocket } from 'ws';
import { TerminalServerMessage } from '@kyros/contracts/schemas/terminal';
import { TEST_CONSOLE_ORIGIN } from '../stacks/terminal-test-stack.ts';

/**
 * A real `ws` client of the terminal daemon that keeps all output and waits for conditions
 * (output containing a string, a control message, the close) instead of sleeping.
 */
export class TerminalTestSocket {
  output = '';
  readonly messages: TerminalServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: (() => boolean)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) this.output += data.toString('utf8');
      else this.messages.push(TerminalServerMessage.parse(JSON.parse(data.toString('utf8'))));
      this.#waiters = this.#waiters.filter((settled) => !settled());
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  /** Opens a session (or resumes one with `session` and `resume`) from `origin`. */
  static async open(
    daemonUrl: string,
    query: Record<string, string>,
    origin = TEST_CONSOLE_ORIGIN,
  ): Promise<TerminalTestSocket> {
    const url = new URL(daemonUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const ws = new WebSocket(url, { origin });
    const socket = new TerminalTestSocket(ws);
    const refused = once(ws, 'unexpected-response').then(([, res]) => {
      throw new UpgradeRefused((res as { statusCode: number }).statusCode);
    });
    await Promise.race([once(ws, 'open'), refused]);
    return socket;
  }

  /** The HTTP status of a refused upgrade, or 101 when it was accepted (the socket is closed). */
  static async statusOf(
    daemonUrl: string,
    query: Record<string, string>,
    origin?: string,
  ): Promise<number> {
    try {
      const socket = await TerminalTestSocket.open(daemonUrl, query, origin);
      socket.ws.close();
      return 101;
    } catch (error) {
      if (error instanceof UpgradeRefused) return error.status;
      throw error;
    }
  }

  async ready() {
    await this.until(() => this.messages.some((m) => m.type === 'ready'));
    const ready = this.messages.find((m) => m.type === 'ready');
    if (ready?.type !== 'ready') throw new Error('no ready message');
    return ready;
  }

  type(text: string): void {
    this.ws.send(Buffer.from(text, 'utf8'), { binary: true });
  }

  /** Resolves once the output so far contains `text`; fails when the socket closes first. */
  async waitForOutput(text: string): Promise<string> {
    await this.until(() => this.output.includes(text));
    return this.output;
  }

  private until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiters.push(() => {
        if (!condition()) return false;
        resolve();
        return true;
      });
      void this.closed.then(({ code }) => {
        if (!condition()) reject(new Error(`closed (${code}) before: ${this.output.slice(-500)}`));
      });
    });
  }
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with ${status}`);
  }
}
