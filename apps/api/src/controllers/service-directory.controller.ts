import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ServiceDirectoryService } from '@app/service-directory';
import { CurrentUser, Permission } from '@app/identity';
import { queryText } from '../http/query-params';
import { Locale, User } from '../http/request-context';

/** The service directory: which services exist where the child lives. */
@ApiTags('service directory')
@ApiBearerAuth()
@Controller('api')
export class ServiceDirectoryController {
  constructor(private readonly directory: ServiceDirectoryService) {}

  @Get('services')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Service types and the providers covering a location (and everything above it), for a case type and service type' })
  @ApiQuery({ name: 'location', required: false })
  @ApiQuery({ name: 'caseType', required: false })
  @ApiQuery({ name: 'serviceType', required: false })
  list(@Locale() locale: string, @Query('location') location: unknown, @Query('caseType') caseType: unknown, @Query('serviceType') serviceType: unknown) {
    return this.directory.list(
      {
        location: queryText(location, 'location', 50),
        caseType: queryText(caseType, 'caseType', 100),
        serviceType: queryText(serviceType, 'serviceType', 100),
      },
      locale,
    );
  }

  @Get('admin/services/providers')
  @Permission('administer')
  @ApiOperation({ summary: 'Every provider of the directory, withdrawn ones included, whole (names in every language), for its administrators' })
  adminList() {
    return this.directory.adminList();
  }

  @Post('admin/services/providers')
  @HttpCode(201)
  @Permission('administer')
  @ApiOperation({
    summary: 'Add a service provider (checked like the pack); audited',
    description: 'Errors: 400 validation_failed (per field); 409 provider_exists (the id is taken, also by a withdrawn provider).',
  })
  add(@User() user: CurrentUser, @Body() body: unknown) {
    return this.directory.addProvider(user, body);
  }

  @Post('admin/services/providers/:id/withdraw')
  @HttpCode(200)
  @Permission('administer')
  @ApiParam({ name: 'id', description: 'provider id' })
  @ApiOperation({
    summary: 'Withdraw a service provider: kept for history and its referrals, no longer offered for new referrals; audited',
    description: 'Errors: 404 not_found.',
  })
  withdraw(@User() user: CurrentUser, @Param('id') id: string) {
    return this.directory.withdrawProvider(user, id);
  }

  @Put('admin/services/providers/:id')
  @Permission('administer')
  @ApiOperation({ summary: 'Add or correct a service provider (checked like the pack; `active: false` withdraws it); audited' })
  save(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    return this.directory.saveProvider(user, id, body);
  }
}
