import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { PaymentAcceptedDto, PaymentDto, PaymentStatusDto } from './dto/payment.dto';
import { PaymentsService } from './payments.service';

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly service: PaymentsService) {}

  @Post()
  @HttpCode(202)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  create(
    @Body() dto: PaymentDto,
    @Headers('idempotency-key') key?: string,
    @Headers('authorization') authorization?: string,
  ): Promise<PaymentAcceptedDto> {
    return this.service.create(dto, key, authorization);
  }

  @Get(':reference')
  @ApiBearerAuth()
  get(
    @Param('reference') reference: string,
    @Headers('authorization') authorization?: string,
  ): Promise<PaymentStatusDto> {
    return this.service.get(reference, authorization);
  }
}
