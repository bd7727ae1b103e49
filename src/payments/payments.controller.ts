import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
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
import { PaymentAcceptedDto, PaymentDto, PaymentStatusDto } from './dto/payment.dto';
import { PaymentsService } from './payments.service';

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly service: PaymentsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      "Pay a fee; a reference starting ev_ or kn_ needs that record's token (Authorization: Bearer)",
  })
  // The credential is optional: only a reference naming an e-visa application or a
  // Konsolosluk.NET transaction needs one ({} is "no credential" in OpenAPI).
  @ApiSecurity({})
  @ApiBearerAuth()
  @ApiIdempotencyKey()
  @ApiResponse({
    status: 202,
    type: PaymentAcceptedDto,
    description: 'pending; the token (shown once) opens its status',
  })
  @ApiErrors({
    ...BODY_ERRORS,
    400: `${BODY_400}; for an ev_ or kn_ reference, not the fee on record (naming the amount due); ${NO_QUERY_400}`,
    401: "an ev_ or kn_ reference without Authorization: Bearer <that record's token>",
    404: "an ev_ or kn_ reference of no record, or with another record's token; to that record's token's holder, with its own message, a record the queue store lost with its data or removed (evicted, deleted) before its retention could have ended",
    409: "an ev_ or kn_ reference already paid or being paid, or with no fee due; a free-form reference this client (its address) already paid or is paying — never another client's; or the payment this Idempotency-Key made is no longer held",
    422: IDEMPOTENCY_ERRORS[422],
    ...RATE_LIMITED,
    ...BACKEND_DOWN,
  })
  create(
    @Body() dto: PaymentDto,
    @IdempotencyKey() key?: string,
    @Authorization() authorization?: string,
    @ClientAddress() client?: string,
  ): Promise<PaymentAcceptedDto> {
    return this.service.create(dto, key, authorization, client);
  }

  @Get(':reference')
  @UseGuards(BearerTokenGuard)
  @ApiTokenStatus('payment', PaymentStatusDto)
  get(
    @Param('reference') reference: string,
    @Authorization() authorization?: string,
  ): Promise<PaymentStatusDto> {
    return this.service.get(reference, authorization);
  }
}
