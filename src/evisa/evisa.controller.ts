import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { EvisaAcceptedDto, EvisaApplicationDto, EvisaStatusDto } from './dto/evisa-application.dto';
import { EvisaService } from './evisa.service';

@ApiTags('evisa')
@Controller('evisa/applications')
export class EvisaController {
  constructor(private readonly service: EvisaService) {}

  @Post()
  @HttpCode(202)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  submit(
    @Body() dto: EvisaApplicationDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<EvisaAcceptedDto> {
    return this.service.submit(dto, key);
  }

  @Get(':id')
  @ApiBearerAuth()
  status(
    @Param('id') id: string,
    @Headers('authorization') authorization?: string,
  ): Promise<EvisaStatusDto> {
    return this.service.status(id, authorization);
  }
}
