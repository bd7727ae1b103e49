import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ClientAddress } from '../common/client-address';
import { BearerTokenGuard } from '../queue/records';
import {
  ApiErrors,
  ApiIdempotencyKey,
  ApiTokenStatus,
  Authorization,
  BACKEND_DOWN,
  BODY_ERRORS,
  IDEMPOTENCY_ERRORS,
  IdempotencyKey,
  RATE_LIMITED,
} from '../common/openapi';
import { EvisaAcceptedDto, EvisaApplicationDto, EvisaStatusDto } from './dto/evisa-application.dto';
import { EvisaService } from './evisa.service';

@ApiTags('evisa')
@Controller('evisa/applications')
export class EvisaController {
  constructor(private readonly service: EvisaService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Submit an e-visa application' })
  @ApiIdempotencyKey()
  @ApiResponse({
    status: 202,
    type: EvisaAcceptedDto,
    description: 'accepted; the token (shown once) opens its status',
  })
  @ApiErrors({ ...BODY_ERRORS, ...IDEMPOTENCY_ERRORS, ...RATE_LIMITED, ...BACKEND_DOWN })
  submit(
    @Body() dto: EvisaApplicationDto,
    @IdempotencyKey() key?: string,
    @ClientAddress() client?: string,
  ): Promise<EvisaAcceptedDto> {
    return this.service.submit(dto, key, client);
  }

  @Get(':id')
  @UseGuards(BearerTokenGuard)
  @ApiTokenStatus('application', EvisaStatusDto)
  status(
    @Param('id') id: string,
    @Authorization() authorization?: string,
  ): Promise<EvisaStatusDto> {
    return this.service.status(id, authorization);
  }
}
