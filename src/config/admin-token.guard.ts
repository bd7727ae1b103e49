import {
  HttpException,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { ADMIN_LOGIN_LIMITER, refuseAdmin, type LoginLimiter } from './admin-auth';
import { APP_CONFIG, type AppConfig } from './app-config';

/**
 * ADMIN_TOKEN on the Nest routes that take it (the Diplomatic Portal's key routes, /replay):
 * the same check and the same failed-login limiter as the dashboard's mount, so a client
 * locked out there is locked out here, and guesses here count there. It runs before the
 * handler, so whether a mission or key exists is told only to the right token.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ADMIN_LOGIN_LIMITER) private readonly limiter: LoginLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const refusal = await refuseAdmin(
      http.getRequest<Request>(),
      this.config.ADMIN_TOKEN,
      this.limiter,
    );
    if (!refusal) return true;
    http.getResponse<Response>().set(refusal.headers);
    throw new HttpException(refusal.body, refusal.status);
  }
}
