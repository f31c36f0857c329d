import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { problemMiddleware } from './problem-middleware.ts';
import { logSuccessAtDebug, requestLogger } from './request-logger.ts';

interface LogLine {
  level: number;
  msg: string;
  request_id?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
}

/** An app whose logger writes into `lines`, at `level`. */
function appLoggingTo(lines: LogLine[], level: string) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as LogLine);
      done();
    },
  });
  const app = express();
  app.use(requestLogger(pino({ level }, sink)));
  app.get('/plain', (req, res) => {
    req.log.info('handler says hello');
    res.json({ ok: true });
  });
  app.post('/busy', (req, res, next) => {
    logSuccessAtDebug(res);
    if (req.query.fail === '1') next(new AppError('invalid', 'refused on purpose'));
    else res.status(201).json({ ok: true });
  });
  app.use(problemMiddleware);
  return app;
}

/** The completion line is written when the response closes, which may follow the client's read. */
async function untilLines(lines: LogLine[], count: number): Promise<void> {
  await vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(count));
}

describe('requestLogger', () => {
  it('logs one info line per request, and every line carries the echoed request id', async () => {
    const lines: LogLine[] = [];
    const response = await request(appLoggingTo(lines, 'info'))
      .get('/plain')
      .set('X-Request-Id', 'agent-7.req:42');
    await untilLines(lines, 2);
    expect(response.headers['x-request-id']).toBe('agent-7.req:42');
    expect(lines.map((line) => [line.msg, line.request_id])).toEqual([
      ['handler says hello', 'agent-7.req:42'],
      ['request completed', 'agent-7.req:42'],
    ]);
    expect(lines[1]).toMatchObject({
      level: 30,
      req: { method: 'GET', url: '/plain' },
      res: { statusCode: 200 },
    });
  });

  it('logs the successes of a route marked quiet at debug only, and its failures at warn', async () => {
    const atInfo: LogLine[] = [];
    const app = appLoggingTo(atInfo, 'info');
    await request(app).post('/busy').expect(201);
    const failed = await request(app).post('/busy?fail=1').expect(400);
    await untilLines(atInfo, 1);
    expect(atInfo).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'request completed',
        request_id: failed.headers['x-request-id'],
        res: { statusCode: 400 },
      }),
    ]);

    const atDebug: LogLine[] = [];
    const succeeded = await request(appLoggingTo(atDebug, 'debug')).post('/busy').expect(201);
    await untilLines(atDebug, 1);
    expect(atDebug).toEqual([
      expect.objectContaining({ level: 20, request_id: succeeded.headers['x-request-id'] }),
    ]);
  });
});
