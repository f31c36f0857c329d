import type { TerminalSession } from './terminal-session.ts';

/** The live sessions (attached or within their grace period), by id and by person. */
export class SessionRegistry {
  private readonly byId = new Map<string, TerminalSession>();
  /** Sessions being opened, counted so that concurrent opens cannot pass the limit together. */
  private readonly reserved = new Map<string, number>();

  constructor(private readonly maxPerUser: number) {}

  get(id: string): TerminalSession | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  all(): TerminalSession[] {
    return [...this.byId.values()];
  }

  /** Holds a place for a new session of this person; false when they are at the limit. */
  reserve(userId: string): boolean {
    const open = this.all().filter((each) => each.grant.user_id === userId).length;
    const pending = this.reserved.get(userId) ?? 0;
    if (open + pending >= this.maxPerUser) return false;
    this.reserved.set(userId, pending + 1);
    return true;
  }

  /** Turns a reservation into a session (or gives it back when `session` is undefined). */
  settle(userId: string, session: TerminalSession | undefined): void {
    const pending = (this.reserved.get(userId) ?? 1) - 1;
    if (pending > 0) this.reserved.set(userId, pending);
    else this.reserved.delete(userId);
    if (session) this.byId.set(session.id, session);
  }

  remove(id: string): void {
    this.byId.delete(id);
  }
}
