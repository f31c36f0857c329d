import type { PrismaClient } from '@kyros/db/client';
import type { CollabStore } from '../collab/store/open-collab-store.ts';

/** What the terminal's API half needs: tickets in Postgres, tasks to bind them to. */
export interface TerminalDeps {
  prisma: PrismaClient;
  store: CollabStore;
  /** The daemon's WebSocket URL, named in every ticket answer (TERMINAL_URL). */
  daemonUrl: string;
  ticketTtlSeconds: number;
  now?: () => Date;
}
