import { SkipThrottle } from '@nestjs/throttler';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { withBackend } from '../queue/queue-backend';
import { PRODUCER_REDIS } from '../queue/queue.module';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../queue/redis-connections';

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
  ) {}

  /** 200 when Redis answers a PING, 503 otherwise. */
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.redisPing()]);
  }

  /** Liveness: the process answers (no Redis call); for orchestrators and as the benchmark's trivial endpoint. */
  @Get('live')
  @ApiOkResponse({ type: LiveDto, description: 'the process answers' })
  live(): LiveDto {
    return { status: 'ok' };
  }

  private async redisPing() {
    const session = this.indicators.check('redis');
    try {
      await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, () => this.redis.ping());
      return session.up();
    } catch {
      return session.down({ message: 'no answer to PING' });
    }
  }
}
