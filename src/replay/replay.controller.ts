import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ReplayAcceptedDto, ReplayArrivalsDto } from './dto/replay-arrivals.dto';
import { AdminTokenGuard } from '../config/admin-token.guard';
import { ReplayService } from './replay.service';

@ApiTags('replay')
@ApiBearerAuth()
@Controller('replay')
@UseGuards(AdminTokenGuard)
// An operator's tool behind ADMIN_TOKEN: a replay posts thousands of batches a minute.
@SkipThrottle()
export class ReplayController {
  constructor(private readonly service: ReplayService) {}

  @Post('arrivals')
  @HttpCode(202)
  arrivals(@Body() dto: ReplayArrivalsDto): Promise<ReplayAcceptedDto> {
    return this.service.add(dto);
  }
}
