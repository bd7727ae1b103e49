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
  BODY_400,
  BODY_ERRORS,
  NO_QUERY_400,
  IDEMPOTENCY_ERRORS,
  IdempotencyKey,
  RATE_LIMITED,
} from '../common/openapi';
import {
  TransactionAcceptedDto,
  TransactionDto,
  TransactionStatusDto,
} from './dto/transaction.dto';
import { KonsoloslukService } from './konsolosluk.service';

@ApiTags('konsolosluk')
@Controller('konsolosluk/transactions')
export class KonsoloslukController {
  constructor(private readonly service: KonsoloslukService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'A transaction at a mission (Konsolosluk.NET)' })
  @ApiIdempotencyKey()
  @ApiResponse({
    status: 202,
    type: TransactionAcceptedDto,
    description: 'queued; the token (shown once) opens its status',
  })
  @ApiErrors({
    ...BODY_ERRORS,
    400: `${BODY_400}; a mission or operation not in config/; ${NO_QUERY_400}`,
    ...IDEMPOTENCY_ERRORS,
    ...RATE_LIMITED,
    ...BACKEND_DOWN,
  })
  submit(
    @Body() dto: TransactionDto,
    @IdempotencyKey() key?: string,
    @ClientAddress() client?: string,
  ): Promise<TransactionAcceptedDto> {
    return this.service.submit(dto, key, client);
  }

  @Get(':id')
  @UseGuards(BearerTokenGuard)
  @ApiTokenStatus('transaction', TransactionStatusDto)
  get(
    @Param('id') id: string,
    @Authorization() authorization?: string,
  ): Promise<TransactionStatusDto> {
    return this.service.get(id, authorization);
  }
}
