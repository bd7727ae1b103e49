import {
  createParamDecorator,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { DiplomaticPortalService } from './diplomatic-portal.service';

/** The mission each authenticated request acts for, set by MissionKeyGuard. */
const MISSION_OF = new WeakMap<Request, string>();

/**
 * The mission key (Authorization: Bearer dpk_...) of the portal's mission routes, checked as a
 * guard so that it comes before the validation pipe: without a valid key the answer is 401
 * whatever the body or query, and a stranger learns nothing of the routes' field rules.
 */
@Injectable()
export class MissionKeyGuard implements CanActivate {
  constructor(private readonly service: DiplomaticPortalService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    MISSION_OF.set(req, await this.service.missionOf(req.headers.authorization));
    return true;
  }
}

/** The id of the mission whose key MissionKeyGuard accepted. */
export const MissionId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const missionId = MISSION_OF.get(context.switchToHttp().getRequest<Request>());
  // A route using this without the guard is a programming error, not a client's.
  if (missionId === undefined)
    throw new Error('MissionId is read on a route without MissionKeyGuard');
  return missionId;
});
