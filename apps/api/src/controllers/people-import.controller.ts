import { Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { validateCommand } from '@app/core';
import { CurrentUser, Permission } from '@app/identity';
import { PEOPLE_IMPORT_LIMITS, PeopleImportReport, PeopleImportService } from '@app/people';
import { localizeImportProblems } from '../http/import-problem-texts';
import { queryBool } from '../http/query-params';
import { Locale, User } from '../http/request-context';

const IMPORT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['csv'],
  properties: { csv: { type: 'string', minLength: 1 }, dryRun: { type: 'boolean' } },
};

/** Many users at once from a CSV file (thin: PeopleImportService checks each row as creating one user does). */
@ApiTags('people')
@Controller('api/people')
export class PeopleImportController {
  constructor(private readonly imports: PeopleImportService) {}

  @Post('import')
  @HttpCode(200)
  @Permission('administer_people')
  @ApiBearerAuth()
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean, description: 'true: check every row, create nothing' })
  @ApiOperation({
    summary:
      'Create users from a CSV file (`{ csv }`); with dryRun=true only check it. Every bad row is reported (row as in the file, header = 1; column; code; message)',
    description:
      'Columns (header row, any order, `,` or `;`): username, name (or display_name), email, phone, language, roles (several separated by `|` or `;`), location (code or name), agency, team; at least an e-mail or a phone. ' +
      `The real run creates every good row (each audited as user.created, with a one-time set-password code returned here once) and reports the bad ones; one user.import entry counts it. At most ${PEOPLE_IMPORT_LIMITS.rows} users and ${PEOPLE_IMPORT_LIMITS.characters} characters. ` +
      'Errors: 400 validation_failed; 413 people_import_too_large; 422 people_import_unreadable (no header or users, a missing or unknown column, an unclosed quote; nothing created).',
  })
  @ApiBody({ schema: IMPORT_SCHEMA })
  async import(
    @User() admin: CurrentUser,
    @Locale() locale: string,
    @Query('dryRun') dryRunQuery: unknown,
    @Body() body: unknown,
  ): Promise<PeopleImportReport> {
    const cmd = validateCommand<{ csv: string; dryRun?: boolean }>(IMPORT_SCHEMA, body);
    const report = await this.imports.import(admin, cmd.csv, { dryRun: queryBool(dryRunQuery, 'dryRun') ?? cmd.dryRun ?? false });
    return { ...report, problems: localizeImportProblems(report.problems, locale) };
  }
}
