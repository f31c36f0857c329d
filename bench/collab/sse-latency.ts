import { request, type ClientRequest } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { SseParser } from '@kyros/contracts/client/sse-parser';
import { BENCH_ACTOR, BENCH_AUTH_HEADERS } from './bench-auth.ts';
import { startCpuMeter, type CpuShare } from './cpu-meter.ts';
import { nowMs, round, summariseLatencies, type LatencySummary } from './latency-stats.ts';
import { LoadClient } from './load-client.ts';

export interface SseLatencyOptions {
  /**
   * The API replicas: subscribers are spread over them in turn, and so are the sends (one
   * replica: the usual single process; two: events written through both, streamed from both).
   */
  apis: readonly { url: string; pid: number }[];
  subscribers: number;
  eventsPerSec: number;
  durationMs: number;
  /** Sent at the same rate first and not counted, so the measurement starts with warm code. */
  warmupMs: number;
  /** How long to wait after the last send for every subscriber to catch up. */
  drainTimeoutMs: number;
}

export interface SseLatencyResult {
  sent: number;
  sendErrors: number;
  achievedEventsPerSec: number;
  expectedDeliveries: number;
  delivered: number;
  /** Receive time − send time, over every (event, subscriber) pair. */
  delivery: LatencySummary;
  /** How long the POST took to be acknowledged (durable): the part of delivery spent before fan-out. */
  appendAck: LatencySummary;
  /** This process's own event-loop delay while receiving: how much of the latency is ours. */
  loadGeneratorLoopDelayP99Ms: number;
  /** How busy the API and this process were while measuring. */
  cpu: CpuShare;
}

interface Subscriber {
  request: ClientRequest;
  connected: Promise<void>;
  /** Measured events received; warm-up events are counted apart. */
  received: number;
  warmupReceived: number;
}

/**
 * `subscribers` SSE streams (`GET /collab/events/tail`, starting live) in this process, and one
 * sender POSTing events on a fixed schedule, both spread over the API replicas in turn. Each event carries its send instant; each stream
 * records receive − send on the same clock. Streams are read with `node:http` and the contract's
 * SSE parser, the lightest reader available, because 100 streams share this process.
 */
export async function runSseLatency(options: SseLatencyOptions): Promise<SseLatencyResult> {
  const latencies: number[] = [];
  const subscribers = Array.from({ length: options.subscribers }, (_, i) =>
    subscribe(replica(options, i).url, latencies),
  );
  try {
    await Promise.all(subscribers.map((subscriber) => subscriber.connected));
    const warmup = await sendOnSchedule(options, options.warmupMs, false);
    await waitFor(
      () => sum(subscribers, 'warmupReceived') >= warmup.sent * subscribers.length,
      options.drainTimeoutMs,
    );
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const stopMeter = startCpuMeter(options.apis.map((api) => api.pid));
    const sending = await sendOnSchedule(options, options.durationMs, true);
    const cpu = stopMeter();
    const expected = sending.sent * options.subscribers;
    await waitFor(() => sum(subscribers, 'received') >= expected, options.drainTimeoutMs);
    loopDelay.disable();
    return {
      sent: sending.sent,
      sendErrors: sending.errors,
      achievedEventsPerSec: sending.achievedEventsPerSec,
      expectedDeliveries: expected,
      delivered: sum(subscribers, 'received'),
      delivery: summariseLatencies(latencies),
      appendAck: summariseLatencies(sending.ackLatencies),
      loadGeneratorLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
      cpu,
    };
  } finally {
    for (const subscriber of subscribers) subscriber.request.destroy();
  }
}

function subscribe(url: string, latencies: number[]): Subscriber {
  const parser = new SseParser();
  let markConnected = (): void => undefined;
  let failConnect = (_error: Error): void => undefined;
  const connected = new Promise<void>((resolve, reject) => {
    markConnected = resolve;
    failConnect = reject;
  });
  const subscriber: Subscriber = {
    request: request(`${url}/collab/events/tail`),
    connected,
    received: 0,
    warmupReceived: 0,
  };
  subscriber.request.setHeader('accept', 'text/event-stream');
  subscriber.request.setHeader('authorization', BENCH_AUTH_HEADERS.authorization ?? '');
  subscriber.request.on('error', (error) => failConnect(error));
  subscriber.request.on('response', (response) => {
    if (response.statusCode !== 200) failConnect(new Error(`tail answered ${response.statusCode}`));
    response.setEncoding('utf8');
    // The only expected error is the reset from our own destroy() once the measurement is over.
    response.on('error', () => undefined);
    response.on('data', (chunk: string) => {
      const receivedAt = nowMs();
      for (const item of parser.push(chunk)) {
        // The server sends `retry:` first thing: from then on this stream sees every new event.
        if (item.type === 'retry') markConnected();
        if (item.type !== 'message') continue;
        const sent = sentOf(JSON.parse(item.data));
        if (!sent) continue;
        if (!sent.measured) {
          subscriber.warmupReceived += 1;
          continue;
        }
        latencies.push(receivedAt - sent.at);
        subscriber.received += 1;
      }
    });
  });
  subscriber.request.end();
  return subscriber;
}

/** The send instant and phase the sender put in `details`, read without a schema on purpose. */
function sentOf(event: unknown): { at: number; measured: boolean } | undefined {
  if (typeof event !== 'object' || event === null || !('details' in event)) return undefined;
  const details = event.details;
  if (typeof details !== 'object' || details === null) return undefined;
  if (!('sent_at_ms' in details) || typeof details.sent_at_ms !== 'number') return undefined;
  return { at: details.sent_at_ms, measured: 'measured' in details && details.measured === true };
}

function sum(subscribers: readonly Subscriber[], key: 'received' | 'warmupReceived'): number {
  return subscribers.reduce((total, subscriber) => total + subscriber[key], 0);
}

function replica(options: SseLatencyOptions, i: number): { url: string; pid: number } {
  const api = options.apis[i % options.apis.length];
  if (!api) throw new Error('runSseLatency needs at least one API');
  return api;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition() && performance.now() < deadline) await sleep(20);
}

/**
 * Open-loop sender: event `i` is due at `start + i / rate`; a late timer sends every overdue
 * event at once, so the rate holds even when this process is busy. Sends do not wait for each
 * other, as independent agents would not.
 */
async function sendOnSchedule(options: SseLatencyOptions, durationMs: number, measured: boolean) {
  const clients = options.apis.map((api) => new LoadClient(api.url));
  const total = Math.round((options.eventsPerSec * durationMs) / 1000);
  const intervalMs = 1000 / options.eventsPerSec;
  const ackLatencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  let errors = 0;
  const start = performance.now();
  for (let i = 0; i < total; i += 1) {
    const wait = start + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    const sentAt = nowMs();
    inFlight.push(
      (clients[i % clients.length] as LoadClient)
        .send('POST', '/collab/events', {
          body: {
            event: 'bench_sse',
            actor: BENCH_ACTOR,
            target: 'bench',
            details: { seq: i, sent_at_ms: sentAt, measured },
          },
        })
        .then(
          () => void ackLatencies.push(nowMs() - sentAt),
          () => void (errors += 1),
        ),
    );
  }
  const sendingMs = performance.now() - start;
  await Promise.all(inFlight);
  for (const client of clients) client.close();
  return {
    sent: total - errors,
    errors,
    achievedEventsPerSec: round((total * 1000) / sendingMs),
    ackLatencies,
  };
}
