import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ADMIN_CHANGE_ERRORS,
  ApiErrors,
  ApiIdempotencyKey,
  BACKEND_DOWN,
  BODY_400,
  BODY_ERRORS,
  NO_QUERY_400,
  IDEMPOTENCY_ERRORS,
  IdempotencyKey,
  MISSION_KEY_SCHEME,
  QUERY_ERRORS,
  RATE_LIMITED,
} from '../common/openapi';
import { AdminTokenGuard } from '../config/admin-token.guard';
import { DiplomaticPortalService } from './diplomatic-portal.service';
import { MissionId, MissionKeyGuard } from './mission-key.guard';
import {
  MissionKeyDto,
  PortalListQueryDto,
  PortalRequestDto,
  PortalRequestPageDto,
  PortalRequestStatusDto,
} from './dto/portal-request.dto';

@ApiTags('diplomatic-portal')
@Controller('diplomatic-portal')
export class DiplomaticPortalController {
  constructor(private readonly service: DiplomaticPortalService) {}

  @Post('missions/:missionId/keys')
  @HttpCode(201)
  @UseGuards(AdminTokenGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Issue a key for a foreign mission (ADMIN_TOKEN); only the key's hash is kept",
  })
  @ApiResponse({ status: 201, type: MissionKeyDto })
  @ApiErrors({
    ...ADMIN_CHANGE_ERRORS,
    401: 'no admin credential, or a wrong one',
    404: 'not a mission of config/diplomatic-portal/missions.yaml',
    429: 'too many requests, or too many failed admin logins from this client, even with the right token (Retry-After)',
    ...BACKEND_DOWN,
  })
  createKey(@Param('missionId') missionId: string): Promise<MissionKeyDto> {
    return this.service.createKey(missionId);
  }

  @Delete('missions/:missionId/keys/:keyId')
  @HttpCode(204)
  @UseGuards(AdminTokenGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke a mission key (ADMIN_TOKEN): it answers 401 from then on' })
  @ApiResponse({ status: 204, description: 'revoked' })
  @ApiErrors({
    ...ADMIN_CHANGE_ERRORS,
    401: 'no admin credential, or a wrong one',
    404: 'the mission has no such key',
    429: 'too many requests, or too many failed admin logins from this client, even with the right token (Retry-After)',
    ...BACKEND_DOWN,
  })
  revokeKey(@Param('missionId') missionId: string, @Param('keyId') keyId: string): Promise<void> {
    return this.service.revokeKey(missionId, keyId);
  }

  @Post('requests')
  @UseGuards(MissionKeyGuard)
  @HttpCode(202)
  @ApiBearerAuth(MISSION_KEY_SCHEME)
  @ApiIdempotencyKey('mission')
  @ApiOperation({ summary: "Send a request in one of the portal's nine areas (mission key)" })
  @ApiResponse({ status: 202, type: PortalRequestStatusDto })
  @ApiErrors({
    ...BODY_ERRORS,
    400: `${BODY_400}; an area not in config/diplomatic-portal/areas.yaml; ${NO_QUERY_400}`,
    401: 'missing, forged or revoked mission key (checked before the body); a key of this server that the store (Redis) lost with its data, restarted without persistence or flushed, is 401 too, with a message naming the loss',
    ...IDEMPOTENCY_ERRORS,
    ...RATE_LIMITED,
    ...BACKEND_DOWN,
  })
  submit(
    @MissionId() missionId: string,
    @Body() dto: PortalRequestDto,
    @IdempotencyKey() key?: string,
  ): Promise<PortalRequestStatusDto> {
    return this.service.submit(missionId, dto, key);
  }

  @Get('requests')
  @UseGuards(MissionKeyGuard)
  @ApiBearerAuth(MISSION_KEY_SCHEME)
  @ApiOperation({
    summary: "This mission's requests, newest first (mission key)",
    description:
      'A request past its retention (DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS after it was decided or failed) is neither listed nor counted in total.',
  })
  @ApiResponse({ status: 200, type: PortalRequestPageDto })
  @ApiErrors({
    400: `page or pageSize not a whole number in its range (the message names it); ${QUERY_ERRORS[400]}`,
    401: 'missing, forged or revoked mission key (checked before the query); a key of this server that the store (Redis) lost with its data, restarted without persistence or flushed, is 401 too, with a message naming the loss',
    ...RATE_LIMITED,
    ...BACKEND_DOWN,
  })
  list(
    @MissionId() missionId: string,
    @Query() query: PortalListQueryDto,
  ): Promise<PortalRequestPageDto> {
    return this.service.list(missionId, query);
  }

  @Get('requests/:id')
  @UseGuards(MissionKeyGuard)
  @ApiBearerAuth(MISSION_KEY_SCHEME)
  @ApiOperation({ summary: "One of this mission's requests (another mission's id answers 404)" })
  @ApiResponse({ status: 200, type: PortalRequestStatusDto })
  @ApiErrors({
    ...QUERY_ERRORS,
    401: 'missing, forged or revoked mission key; a key of this server that the store (Redis) lost with its data, restarted without persistence or flushed, is 401 too, with a message naming the loss',
    404: "no such request for this mission (another mission's, and an id with another's or an altered issue marker, are the same 404); to its own mission, a request the store (Redis) lost with its data after it was accepted, or removed before its retention could have ended (evicted or deleted), is 404 with a message saying so, not its expiry's",
    ...RATE_LIMITED,
    ...BACKEND_DOWN,
  })
  get(@MissionId() missionId: string, @Param('id') id: string): Promise<PortalRequestStatusDto> {
    return this.service.get(missionId, id);
  }
}
