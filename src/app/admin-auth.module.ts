import { Global, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ADMIN_LOGIN_LIMITER } from '../config/admin-auth';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PRODUCER_REDIS } from '../queue/queue.module';
import { RedisAdminLoginLimiter } from './admin-login-limiter';

/**
 * One failed-login limiter per API process, shared by every admin check: the dashboard's
 * mount (bootstrap.ts) and AdminTokenGuard on the Nest routes. Global, so the guard finds it in
 * whichever feature module uses it. HTTP processes only.
 */
@Global()
@Module({
  providers: [
    {
      provide: ADMIN_LOGIN_LIMITER,
      inject: [PRODUCER_REDIS, APP_CONFIG],
      useFactory: (redis: Redis, config: AppConfig) =>
        new RedisAdminLoginLimiter(
          redis,
          config.QUEUE_PREFIX,
          config.ADMIN_AUTH_MAX_FAILURES,
          config.ADMIN_AUTH_WINDOW_SECONDS * 1000,
        ),
    },
  ],
  exports: [ADMIN_LOGIN_LIMITER],
})
export class AdminAuthModule {}
