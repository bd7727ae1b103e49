import { SkipThrottle } from '@nestjs/throttler';
import { Controller, Get, Inject, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { ApiErrors, QUERY_ERRORS } from '../common/openapi';
import { ADMIN_LOGIN_LIMITER, mayAdmin, type LoginLimiter } from '../config/admin-auth';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { withBackend } from '../queue/queue-backend';
import { PRODUCER_REDIS } from '../queue/queue.module';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../queue/redis-connections';

/** /health's message while Redis answers but refuses every write (maxmemory reached, noeviction). */
export const REDIS_FULL =
  'Redis is out of memory (maxmemory reached, policy noeviction): it refuses writes, so no request can be accepted';

/**
 * /health's message while Redis is a replica: after a failover, or a REPLICAOF, the address in
 * REDIS_URL no longer holds the primary. A read-only replica refuses every write (READONLY), and
 * a writable one keeps what it is sent only until it next syncs from its primary.
 */
export const REDIS_REPLICA =
  'Redis is a replica (role slave: after a failover or REPLICAOF): it refuses writes or loses them at its next sync, so no request can be accepted; point REDIS_URL at the primary';

/**
 * /health's message while Redis answers every command, PING too, with an error of its own: it
 * had said `no answer to PING`, which sends an operator to the network while the disk is full.
 */
export function redisRefusal(reply: string): string {
  const code = /^[A-Z]+/.exec(reply)?.[0] ?? 'ERR';
  if (code === 'MISCONF')
    return 'Redis cannot write to its disk (MISCONF: an AOF write or a snapshot failed, a full disk say): it refuses commands, so no request can be accepted';
  if (code === 'LOADING')
    return 'Redis is loading its data from disk (LOADING, after a restart): until it has, no request can be accepted';
  return `Redis answers every command with an error (${code}): no request can be accepted`;
}

/** What /health says of what Redis keeps (GET /health's `details.redis`). */
export interface RedisDurability {
  persistence: 'aof' | 'rdb' | 'none' | 'unknown';
  maxmemoryPolicy: string;
  /** Each way this Redis may lose requests the API has accepted (202), in words; empty if none. */
  warnings: string[];
  /** Why Redis takes no write now (REDIS_FULL, REDIS_REPLICA); undefined while it takes them. */
  refusesWrites?: string;
}

/** One field of an INFO section (`name:value` lines). */
function infoField(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/**
 * What a Redis keeps, from its INFO memory and persistence sections and its `save` and
 * `appendfsync` settings (undefined where CONFIG is refused). "No accepted request is lost" holds only on a Redis that
 * writes every change to disk and never evicts: without persistence a restart loses every job
 * and record not yet finished; with snapshots only, what came since the last one; and with an
 * evicting maxmemory-policy (allkeys-lru, volatile-ttl, ...) a full Redis deletes queued jobs and
 * records without telling anyone — a probe under allkeys-lru answered 202 to six applications
 * and one of them was 404 moments later. /health said `ok` to all of these; now it says which.
 * A noeviction Redis past its maxmemory refuses every write (each submission 503) while PING still
 * answers: that is not ready at all; nor is a replica (a failover, REPLICAOF), which answered
 * PING and `ok` while every submission was 503 (READONLY).
 */
export function redisDurability(
  memoryInfo: string,
  persistenceInfo: string,
  save: string | undefined,
  appendfsync?: string,
  replicationInfo = '',
): RedisDurability {
  const aof = infoField(persistenceInfo, 'aof_enabled') === '1';
  const persistence = aof
    ? 'aof'
    : save === undefined
      ? 'unknown'
      : save.trim() !== ''
        ? 'rdb'
        : 'none';
  const maxmemoryPolicy = infoField(memoryInfo, 'maxmemory_policy') ?? 'unknown';
  const maxmemory = Number(infoField(memoryInfo, 'maxmemory') ?? 0);
  const used = Number(infoField(memoryInfo, 'used_memory') ?? 0);
  const warnings: string[] = [];
  if (persistence === 'none')
    warnings.push(
      'Redis keeps nothing on disk (appendonly no, no save points): a restart loses every accepted request not yet finished',
    );
  else if (persistence === 'aof' && appendfsync === 'everysec')
    warnings.push(
      'appendfsync everysec: a crash of the machine (not of Redis alone) may lose about the last second or two of accepted requests; appendfsync always closes it',
    );
  else if (persistence === 'aof' && appendfsync === 'no')
    warnings.push(
      'appendfsync no: a crash of the machine may lose the accepted requests the operating system had not yet written to disk (about 30 s on Linux)',
    );
  else if (persistence === 'rdb')
    warnings.push(
      'Redis saves snapshots only (appendonly no): a restart loses what was accepted since the last snapshot',
    );
  if (maxmemoryPolicy !== 'noeviction')
    warnings.push(
      `maxmemory-policy ${maxmemoryPolicy}: when memory fills, Redis deletes keys, queued jobs and accepted records among them; set noeviction`,
    );
  const refusesWrites =
    infoField(replicationInfo, 'role') === 'slave'
      ? REDIS_REPLICA
      : maxmemoryPolicy === 'noeviction' && maxmemory > 0 && used > maxmemory
        ? REDIS_FULL
        : undefined;
  return { persistence, maxmemoryPolicy, warnings, refusesWrites };
}

/** The answer of GET /health/live. */
export class LiveDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

// Orchestrators and scrapers poll these; they are not the public surface the rate limit protects.
@SkipThrottle()
@ApiTags('ops')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(PRODUCER_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ADMIN_LOGIN_LIMITER) private readonly limiter: LoginLimiter,
  ) {}

  /**
   * 200 when Redis answers and takes writes, 503 otherwise, with the reason. To the operator
   * (the admin credential, or this machine under DEV_MODE without ADMIN_TOKEN) the answer also
   * says what Redis can keep: `persistence` (`aof`, `rdb`, `none`, or `unknown` where CONFIG is
   * refused), `maxmemoryPolicy`, and `warnings` naming each way it may lose accepted requests
   * (redisDurability). Anyone else gets the status alone: how the store is set up, and how it
   * could lose data, is not for everyone who can reach the port.
   */
  @Get()
  @HealthCheck()
  @ApiErrors(QUERY_ERRORS)
  async check(@Req() req: Request): Promise<HealthCheckResult> {
    const operator = await mayAdmin(req, this.config.ADMIN_TOKEN, this.limiter);
    return this.health.check([() => this.redisPing(operator)]);
  }

  /** Liveness: the process answers (no Redis call); for orchestrators and as the benchmark's trivial endpoint. */
  @Get('live')
  @ApiOkResponse({ type: LiveDto, description: 'the process answers' })
  @ApiErrors(QUERY_ERRORS)
  live(): LiveDto {
    return { status: 'ok' };
  }

  private async redisPing(operator: boolean) {
    const session = this.indicators.check('redis');
    let state: RedisDurability;
    try {
      state = await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async () => {
        // Managed Redis often refuses CONFIG: what it names is then unknown, not absent.
        const setting = (name: string) =>
          (this.redis.config('GET', name) as Promise<string[]>).then(
            (pair) => pair[1],
            () => undefined,
          );
        const [, memory, persistence, save, fsync, replication] = await Promise.all([
          this.redis.ping(),
          this.redis.info('memory'),
          this.redis.info('persistence'),
          setting('save'),
          setting('appendfsync'),
          // A server that refuses this section is taken for a primary, as before.
          this.redis.info('replication').catch(() => ''),
        ]);
        return redisDurability(memory, persistence, save, fsync, replication);
      });
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause;
      if (cause instanceof Error && cause.name === 'ReplyError')
        return session.down({ message: redisRefusal(cause.message) });
      return session.down({ message: 'no answer to PING' });
    }
    const { refusesWrites, ...durability } = state;
    const shown = operator ? durability : {};
    if (refusesWrites) return session.down({ message: refusesWrites, ...shown });
    return session.up(shown);
  }
}
