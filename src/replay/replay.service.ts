import {
  BadRequestException,
  Inject,
  Injectable,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { liveStationQueue } from '../queue/live-http';
import { withBackend } from '../queue/queue-backend';
import { LIVE_JOB, livePrefix, liveStationsKey } from '../queue/queue-names';
import { PRODUCER_REDIS } from '../queue/queue.module';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../queue/redis-connections';
import type { ReplayAcceptedDto, ReplayArrivalsDto } from './dto/replay-arrivals.dto';

/** Queues kept open at once; a replay touches one per station (about 250 for Konsolosluk.NET). */
const MAX_OPEN_QUEUES = 1000;

/**
 * Adds posted arrivals to a live replay's station queues (`run --engine bullmq --via http`):
 * the same queues, prefix and job shape as the replay adds itself (src/experiment/live-engine.ts),
 * so its station workers take them alike. Only the live replay's prefixes are reachable, and
 * within them only a run in progress and its stations (registerLiveRun): a job for any other
 * queue would never be taken and would stay in Redis for ever.
 */
@Injectable()
export class ReplayService implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();

  constructor(@Inject(PRODUCER_REDIS) private readonly redis: Redis) {}

  async add(dto: ReplayArrivalsDto): Promise<ReplayAcceptedDto> {
    const prefix = livePrefix(dto.run);
    const byStation = new Map<string, { c: number; s: number; t: number }[]>();
    for (const a of dto.arrivals) {
      const list = byStation.get(a.station) ?? [];
      list.push({ c: a.c, s: a.s, t: a.t });
      byStation.set(a.station, list);
    }
    // Stations in turn, each batch in order: a station's queue keeps the posted order. While
    // Redis does not answer, 503 as every producer route (the replay retries the batch; a
    // part of it added before the failure comes twice and the replay takes each job once).
    await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async () => {
      await this.checkStations(dto, [...byStation.keys()]);
      for (const [station, jobs] of byStation)
        await this.queue(prefix, station).addBulk(
          jobs.map((data) => ({
            name: LIVE_JOB,
            data,
            opts: { removeOnComplete: true, removeOnFail: 1000 },
          })),
        );
    });
    return { accepted: dto.arrivals.length };
  }

  /** 400, naming the field, unless the run is a replay in progress and has these stations. */
  private async checkStations(dto: ReplayArrivalsDto, stations: string[]): Promise<void> {
    const key = liveStationsKey(dto.run);
    const [registered, known] = await Promise.all([
      this.redis.exists(key),
      this.redis.smismember(key, ...stations),
    ]);
    if (!registered)
      throw new BadRequestException([
        `run must be the id of a live replay in progress (run --engine bullmq --via http): '${dto.run}' is not one`,
      ]);
    const unknown = new Set(stations.filter((_, i) => known[i] !== 1));
    if (unknown.size === 0) return;
    throw new BadRequestException(
      dto.arrivals.flatMap((a, i) =>
        unknown.delete(a.station)
          ? [`arrivals.${i}.station must be a station of run ${dto.run}: '${a.station}' is not one`]
          : [],
      ),
    );
  }

  private queue(prefix: string, station: string): Queue {
    const key = `${prefix}\n${station}`;
    let q = this.queues.get(key);
    if (q) return q;
    if (this.queues.size >= MAX_OPEN_QUEUES) {
      const [oldest, queue] = this.queues.entries().next().value as [string, Queue];
      this.queues.delete(oldest);
      void queue.close().catch(() => undefined);
    }
    q = new Queue(liveStationQueue(station), { connection: this.redis, prefix });
    q.on('error', () => undefined);
    this.queues.set(key, q);
    return q;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.queues.clear();
  }
}
