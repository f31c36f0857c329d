import { startEmbeddedPostgres } from '@kyros/scripts/postgres/embedded-postgres';

// Test fixture: runs an embedded PostgreSQL in <argv[2]> and prints how to reach it, then waits
// to be killed, so a test can SIGKILL the owner and leave the server (or its pid file) behind.
const dir = process.argv[2];
if (!dir) throw new Error('usage: hold-embedded-postgres.ts <dir>');
const server = await startEmbeddedPostgres({ dir, port: 0, throwaway: true });
console.log(JSON.stringify({ pid: server.pid, port: server.port, url: server.url }));
setInterval(() => {}, 60_000);
