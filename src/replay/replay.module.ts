import { Module } from '@nestjs/common';
import { ReplayController } from './replay.controller';
import { ReplayService } from './replay.service';

/** POST /replay/arrivals for `run --engine bullmq --via http` (HTTP processes only). */
@Module({
  controllers: [ReplayController],
  providers: [ReplayService],
})
export class ReplayModule {}
