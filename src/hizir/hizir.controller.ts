import { Body, Controller, Post } from '@nestjs/common';
import { HizirAnswerDto, HizirMessageDto } from './dto/hizir-message.dto';
import { HizirService } from './hizir.service';

@Controller('hizir')
export class HizirController {
  constructor(private readonly service: HizirService) {}

  @Post('messages')
  ask(@Body() message: HizirMessageDto): Promise<HizirAnswerDto> {
    return this.service.ask(message);
  }
}
