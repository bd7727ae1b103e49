import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from '../config/admin-token.guard';
import { DiplomaticPortalService } from './diplomatic-portal.service';
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
  @ApiResponse({ status: 401, description: 'no admin credential, or a wrong one' })
  @ApiResponse({
    status: 429,
    description:
      'too many failed admin logins from this client (Retry-After), even with the right token',
  })
  @ApiResponse({
    status: 404,
    description: 'not a mission of config/diplomatic-portal/missions.yaml',
  })
  createKey(@Param('missionId') missionId: string): Promise<MissionKeyDto> {
    return this.service.createKey(missionId);
  }

  @Delete('missions/:missionId/keys/:keyId')
  @HttpCode(204)
  @UseGuards(AdminTokenGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke a mission key (ADMIN_TOKEN): it answers 401 from then on' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 401, description: 'no admin credential, or a wrong one' })
  @ApiResponse({ status: 404, description: 'the mission has no such key' })
  @ApiResponse({
    status: 429,
    description:
      'too many failed admin logins from this client (Retry-After), even with the right token',
  })
  revokeKey(@Param('missionId') missionId: string, @Param('keyId') keyId: string): Promise<void> {
    return this.service.revokeKey(missionId, keyId);
  }

  @Post('requests')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({ summary: "Send a request in one of the portal's nine areas (mission key)" })
  @ApiResponse({ status: 202, type: PortalRequestStatusDto })
  @ApiResponse({ status: 400, description: 'bad input, naming the field; unknown area' })
  @ApiResponse({ status: 401, description: 'missing, forged or revoked mission key' })
  async submit(
    @Body() dto: PortalRequestDto,
    @Headers('authorization') authorization?: string,
    @Headers('idempotency-key') key?: string,
  ): Promise<PortalRequestStatusDto> {
    const missionId = await this.service.missionOf(authorization);
    return this.service.submit(missionId, dto, key);
  }

  @Get('requests')
  @ApiBearerAuth()
  @ApiOperation({ summary: "This mission's requests, newest first (mission key)" })
  @ApiResponse({ status: 200, type: PortalRequestPageDto })
  async list(
    @Query() query: PortalListQueryDto,
    @Headers('authorization') authorization?: string,
  ): Promise<PortalRequestPageDto> {
    const missionId = await this.service.missionOf(authorization);
    return this.service.list(missionId, query);
  }

  @Get('requests/:id')
  @ApiBearerAuth()
  @ApiOperation({ summary: "One of this mission's requests (another mission's id answers 404)" })
  @ApiResponse({ status: 200, type: PortalRequestStatusDto })
  @ApiResponse({ status: 404, description: 'no such request for this mission' })
  async get(
    @Param('id') id: string,
    @Headers('authorization') authorization?: string,
  ): Promise<PortalRequestStatusDto> {
    const missionId = await this.service.missionOf(authorization);
    return this.service.get(missionId, id);
  }
}
