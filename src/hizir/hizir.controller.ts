import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientAddress } from '../common/client-address';
import { ApiErrors, BODY_ERRORS } from '../common/openapi';
import type { Response } from 'express';
import { HandoffRefused } from './hizir-handoff';
import { HizirAnswerDto, HizirMessageDto } from './dto/hizir-message.dto';
import { HizirService } from './hizir.service';

@ApiTags('hizir')
@Controller('hizir')
export class HizirController {
  constructor(private readonly service: HizirService) {}

  @Post('messages')
  @ApiOperation({ summary: 'Ask Hızır a question (Turkish or English)' })
  @ApiCreatedResponse({ type: HizirAnswerDto, description: "Hızır's answer, or a hand-off" })
  @ApiErrors({
    ...BODY_ERRORS,
    429: "over the client's rate limit, or a hand-off over the client's or the session's quota (with Retry-After)",
    503: 'a hand-off that could not be passed to an officer (the officer queue full, with Retry-After; Redis down; the hand-off failing), or Redis down for a session',
  })
  async ask(
    @Body() message: HizirMessageDto,
    @ClientAddress() client: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HizirAnswerDto> {
    try {
      return await this.service.ask(message, client);
    } catch (err) {
      if (err instanceof HandoffRefused) res.set('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
  }
}
