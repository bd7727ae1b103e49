import { Module } from '@nestjs/common';
import { AdminTokenGuard } from '../config/admin-token.guard';
import { ReplayController } from './replay.controller';
import { ReplayService } from './replay.service';

/** POST /replay/arrivals for `run --engine bullmq --via http` (HTTP processes only). */
@Module({
  controllers: [ReplayController],
  providers: [ReplayService, AdminTokenGuard],
})
export class ReplayModule {}
