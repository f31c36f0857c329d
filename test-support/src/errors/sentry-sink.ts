import http from 'node:http';
import { gunzipSync } from 'node:zlib';

/** A local stand-in for Sentry's ingest: a real HTTP server that keeps every envelope it gets. */
export interface SentrySink {
  /** A DSN pointing here, with a public key and a (legacy) secret part. */
  dsn: string;
  dsnSecret: string;
  /** Every request body received, as text, with its path. */
  envelopes: { path: string; body: string }[];
  /** Resolves once an envelope whose text contains `needle` has arrived. */
  envelopeContaining(needle: string): Promise<string>;
  close(): Promise<void>;
}

export async function startSentrySink(): Promise<SentrySink> {
  const envelopes: { path: string; body: string }[] = [];
  const waiters: { needle: string; resolve: (body: string) => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString(
        'utf8',
      );
      envelopes.push({ path: req.url ?? '', body });
      for (const waiter of waiters.filter((item) => body.includes(item.needle))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(body);
      }
      // Sentry's ingest lets any origin read its answer, so a browser SDK's POST succeeds too.
      res
        .writeHead(200, {
          'content-type': 'application/json',
          'access-control-allow-origin': '*',
        })
        .end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const dsnSecret = 'dsnsecret5f1c2a7b';
  return {
    dsn: `http://publickey0123456789:${dsnSecret}@127.0.0.1:${port}/42`,
    dsnSecret,
    envelopes,
    envelopeContaining(needle) {
      const found = envelopes.find((item) => item.body.includes(needle));
      if (found) return Promise.resolve(found.body);
      return new Promise((resolve) => waiters.push({ needle, resolve }));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
