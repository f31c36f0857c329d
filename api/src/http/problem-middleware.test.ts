import express from 'express';
import pg from 'pg';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { problemMiddleware } from './problem-middleware.ts';
import { requestLogger } from './request-logger.ts';

function serverError(code: string, message: string): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  error.severity = 'FATAL';
  return error;
}

/** An app whose one route fails with `error`, rendered by the problem middleware. */
function appFailingWith(error: Error) {
  const app = express();
  app.use(requestLogger(pino({ level: 'silent' })));
  app.get('/jobs', (_req, _res, next) => next(error));
  app.use(problemMiddleware);
  return app;
}

describe('problemMiddleware and database errors', () => {
  it('a transient database fault is a 503 problem with Retry-After', async () => {
    const terminated = serverError('57P01', 'terminating connection due to administrator command');
    const response = await request(appFailingWith(terminated)).get('/jobs');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(response.text)).toMatchObject({ status: 503, code: 'unavailable' });
  });

  it('a refused connection is a 503 too', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
      errno: -111,
      syscall: 'connect',
    });
    const response = await request(appFailingWith(refused)).get('/jobs');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
  });

  it('any other database error stays a 500, without Retry-After', async () => {
    const denied = serverError('42501', 'permission denied for table jobs');
    const response = await request(appFailingWith(denied)).get('/jobs');
    expect(response.status).toBe(500);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(JSON.parse(response.text)).toMatchObject({ status: 500, code: 'internal' });
  });
});

describe('problemMiddleware and extra members', () => {
  it('adds body extras but never lets them overwrite status, title, code or instance', async () => {
    const conflict = new AppError('conflict', 'The lease is held by someone else', {
      body: { holder: 'agent-b', status: 200, title: 'OK', code: 'fine', instance: '/elsewhere' },
    });
    const response = await request(appFailingWith(conflict)).get('/jobs');
    expect(response.status).toBe(409);
    expect(JSON.parse(response.text)).toMatchObject({
      status: 409,
      title: 'Conflict',
      code: 'conflict',
      instance: '/jobs',
      holder: 'agent-b',
    });
  });
});
