import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PaymentDto, PaymentStatusDto } from './dto/payment.dto';
import { PaymentsService } from './payments.service';

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly service: PaymentsService) {}

  @Post()
  @HttpCode(202)
  create(@Body() dto: PaymentDto): Promise<PaymentStatusDto> {
    return this.service.create(dto);
  }

  @Get(':reference')
  get(@Param('reference') reference: string): Promise<PaymentStatusDto> {
    return this.service.get(reference);
  }
}
