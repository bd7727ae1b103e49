import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse } from '@nestjs/swagger';
import { HizirAnswerDto, HizirMessageDto } from './dto/hizir-message.dto';
import { HizirService } from './hizir.service';

@Controller('hizir')
export class HizirController {
  constructor(private readonly service: HizirService) {}

  @Post('messages')
  @ApiCreatedResponse({ type: HizirAnswerDto, description: "Hızır's answer, or a hand-off" })
  ask(@Body() message: HizirMessageDto): Promise<HizirAnswerDto> {
    return this.service.ask(message);
  }
}
