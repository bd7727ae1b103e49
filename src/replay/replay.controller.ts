import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ADMIN_CHANGE_FORBIDDEN, ApiErrors, BACKEND_DOWN, BODY_ERRORS } from '../common/openapi';
import { SkipThrottle } from '@nestjs/throttler';
import { ReplayAcceptedDto, ReplayArrivalsDto } from './dto/replay-arrivals.dto';
import { AdminTokenGuard } from '../config/admin-token.guard';
import { ReplayService } from './replay.service';

@ApiTags('replay')
@ApiBearerAuth()
@Controller('replay')
@UseGuards(AdminTokenGuard)
// An operator's tool behind ADMIN_TOKEN: a replay posts thousands of batches a minute. Both
// limits are skipped: the costly one counts every POST (rate-limit.ts), and skipping only the
// default one let a replay of more than RATE_LIMIT_COSTLY batches a minute fail with 429.
@SkipThrottle({ default: true, costly: true })
export class ReplayController {
  constructor(private readonly service: ReplayService) {}

  @Post('arrivals')
  @HttpCode(202)
  @ApiOperation({ summary: "Arrivals for a live replay's station queues (ADMIN_TOKEN)" })
  @ApiResponse({ status: 202, type: ReplayAcceptedDto })
  @ApiErrors({
    ...BODY_ERRORS,
    401: 'no admin credential',
    // An admin change as a mission key's issue is (AdminTokenGuard): the 403 was not listed.
    403: ADMIN_CHANGE_FORBIDDEN,
    429: 'too many failed admin logins from this client (ADMIN_AUTH_MAX_FAILURES), with Retry-After',
    ...BACKEND_DOWN,
  })
  arrivals(@Body() dto: ReplayArrivalsDto): Promise<ReplayAcceptedDto> {
    return this.service.add(dto);
  }
}
