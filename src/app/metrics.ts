import { SkipThrottle } from '@nestjs/throttler';
import { getQueueToken } from '@nestjs/bullmq';
import {
  Controller,
  Get,
  Header,
  Injectable,
  Module,
  UseGuards,
  type MiddlewareConsumer,
  type NestMiddleware,
  type NestModule,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AdminTokenGuard } from '../config/admin-token.guard';
import { readWithin } from '../queue/queue-backend';
import { QUEUE_NAMES } from '../queue/queue-names';

/**
 * How long a scrape waits for the queue counts (ms). A hung Redis (connections open, nothing
 * answered) made each count wait out the producer connection's command timeout and its retry,
 * about 3 s: past many scrapers' timeouts, so the API looked down too. Counts on a live Redis
 * take a millisecond or two; past this the scrape answers with queue_jobs_read 0.
 */
export const METRICS_READ_TIMEOUT_MS = 300;

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;
/** Latency buckets (s): API calls are expected in milliseconds; a slow Redis shows in the upper ones. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Prometheus metrics of one API process: HTTP latency, and queue depths read at scrape time. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpLatency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  /**
   * Connections closed at once, unanswered, by a connection cap (bootstrap.ts DroppedBy): no
   * request of theirs reaches the access log or http_request_duration_seconds. No client label:
   * an address is personal data, and one label value per address would grow without bound.
   */
  readonly connectionsDropped = new Counter({
    name: 'http_connections_dropped_total',
    help: 'Connections closed at once, unanswered, by a connection cap: cap="client" past twice HTTP_MAX_CONNECTIONS_PER_CLIENT from one client, cap="process" past HTTP_MAX_CONNECTIONS',
    labelNames: ['cap'],
    registers: [this.registry],
  });

  constructor(moduleRef: ModuleRef) {
    collectDefaultMetrics({ register: this.registry });
    // Both series from the start, at 0: a rate() or an alert on them has a series to read.
    for (const cap of ['client', 'process']) this.connectionsDropped.inc({ cap }, 0);
    // Resolved at scrape time: the queue providers are async and may not exist yet while this one is built.
    const queues = () =>
      QUEUE_NAMES.map((name) => ({
        name,
        queue: moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
      }));
    // One read of every queue per scrape, for both gauges (each collects before it is written out).
    let pending: Promise<void> | undefined;
    const refresh = () =>
      (pending ??= readCounts().finally(() => {
        pending = undefined;
      }));
    const depth = new Gauge({
      name: 'queue_jobs',
      help: 'Jobs per queue and state (waiting = queue depth); completed/failed are the retained ones',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      collect: refresh,
    });
    const read = new Gauge({
      name: 'queue_jobs_read',
      help: `1 when this scrape read the queue's job counts from Redis, 0 when it could not within ${METRICS_READ_TIMEOUT_MS} ms (queue_jobs then has no series for it)`,
      labelNames: ['queue'],
      registers: [this.registry],
      collect: refresh,
    });
    // At most one count in flight per queue: a scrape while the last one still waits on a hung
    // Redis sends no other, so frequent scrapes pile nothing up; each ends by the connection's
    // command timeout. While the backend breaker is open (a call ran out of time moments ago)
    // the scrape does not wait at all.
    const inFlight = new Map<string, Promise<Record<string, number>>>();
    const countsOf = (name: string, queue: Queue) => {
      let counts = inFlight.get(name);
      if (!counts) {
        counts = queue.getJobCounts(...JOB_STATES).finally(() => inFlight.delete(name));
        inFlight.set(name, counts);
      }
      return counts;
    };
    const readCounts = async () => {
      await Promise.all(
        queues().map(async ({ name, queue }) => {
          try {
            const counts = await readWithin(METRICS_READ_TIMEOUT_MS, () => countsOf(name, queue));
            for (const state of JOB_STATES) depth.set({ queue: name, state }, counts[state] ?? 0);
            read.set({ queue: name }, 1);
          } catch {
            // Redis down or hung: no figures rather than the last ones read. Kept, a depth frozen
            // at its last value (0, say) looked like a healthy queue to every alert on it.
            for (const state of JOB_STATES) depth.remove({ queue: name, state });
            read.set({ queue: name }, 0);
          }
        }),
      );
    };
  }
}

@Injectable()
export class HttpLatencyMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      // The route pattern, not the path: ids must not become label values.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      this.metrics.httpLatency.observe(
        { method: req.method, route: `${req.baseUrl}${route}`, status: String(res.statusCode) },
        Number(process.hrtime.bigint() - start) / 1e9,
      );
    });
    next();
  }
}

// Orchestrators and scrapers poll these; they are not the public surface the rate limit protects.
// They need the admin token: the figures describe the deployment's load and queues.
@SkipThrottle()
@ApiExcludeController()
@Controller()
@UseGuards(AdminTokenGuard)
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

@Module({ providers: [MetricsService], controllers: [MetricsController] })
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpLatencyMiddleware).forRoutes('*');
  }
}
