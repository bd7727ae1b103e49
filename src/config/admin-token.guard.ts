import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { presentedCredential } from './admin-auth';
import { APP_CONFIG, type AppConfig } from './app-config';

/** ADMIN_TOKEN (Bearer, or Basic's password) on the replay routes; open only in DEV_MODE without a token, like the admin surfaces. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const token = this.config.ADMIN_TOKEN;
    if (!token) return true;
    const given = presentedCredential(
      context.switchToHttp().getRequest<Request>().headers.authorization,
    );
    const h = (s: string) => createHash('sha256').update(s).digest();
    if (given !== undefined && timingSafeEqual(h(given), h(token))) return true;
    throw new UnauthorizedException(
      'admin credential required: Authorization: Bearer <ADMIN_TOKEN>',
    );
  }
}
