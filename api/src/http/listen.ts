import type { Server } from 'node:http';
import type { Express } from 'express';

/** Starts listening and resolves with the server and its URL (port 0 picks a free port). */
export function listen(
  app: Express,
  port: number,
  host: string,
): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error) => {
      if (error) {
        reject(error);
        return;
      }
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({ server, url: `http://${host}:${actual}` });
    });
  });
}
