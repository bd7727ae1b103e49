import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
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
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  submit(
    @Body() dto: TransactionDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<TransactionAcceptedDto> {
    return this.service.submit(dto, key);
  }

  @Get(':id')
  @ApiBearerAuth()
  get(
    @Param('id') id: string,
    @Headers('authorization') authorization?: string,
  ): Promise<TransactionStatusDto> {
    return this.service.get(id, authorization);
  }
}
