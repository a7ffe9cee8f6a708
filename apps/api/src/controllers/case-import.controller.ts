import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { validateCommand } from '@app/core';
import {
  CaseImportRunner,
  CaseImportService,
  CaseImportCaseType,
  DATE_FORMATS,
  CaseImportDryRun,
  ImportJob,
  ImportMapping,
  SavedMapping,
} from '@app/case-import';
import { CurrentUser, Permission } from '@app/identity';
import { localizeImportProblems } from '../http/import-problem-texts';
import { Locale, User } from '../http/request-context';

const MAPPING_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'caseType', 'columns', 'externalIdColumn', 'registrar'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    caseType: { type: 'string', minLength: 1 },
    columns: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['column', 'field'],
        properties: {
          column: { type: 'string', minLength: 1, maxLength: 200 },
          field: { type: 'string', minLength: 1 },
          dateFormat: { enum: [...DATE_FORMATS] },
        },
      },
    },
    externalIdColumn: { type: 'string', minLength: 1, maxLength: 200 },
    registrar: { type: 'string', minLength: 1, maxLength: 100 },
    assignee: {
      description: "who owns each case: the case type's rule (default), nobody, or the user a column names by username (blank cell: nobody)",
      oneOf: [
        { enum: ['rule', 'nobody'] },
        { type: 'object', additionalProperties: false, required: ['column'], properties: { column: { type: 'string', minLength: 1, maxLength: 200 } } },
      ],
    },
  },
};

const FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['mappingId', 'fileName', 'content'],
  properties: {
    mappingId: { type: 'string', format: 'uuid' },
    fileName: { type: 'string', minLength: 1, maxLength: 200 },
    content: { type: 'string', minLength: 1, description: 'the file (CSV or XLSX), base64' },
  },
};

type FileCommand = { mappingId: string; fileName: string; content: string };

/** Importing existing records from CSV or XLSX files (thin: CaseImportService checks, CaseImportRunner imports in the background). */
@ApiTags('case-import')
@ApiBearerAuth()
@Controller('api/case-imports')
export class CaseImportController {
  constructor(
    private readonly imports: CaseImportService,
    private readonly runner: CaseImportRunner,
  ) {}

  @Get('case-types')
  @Permission('administer')
  @ApiOperation({ summary: "The pack's case types with their start form's fields (label, kind, required, options) a column may feed" })
  caseTypes(): Promise<CaseImportCaseType[]> {
    return this.imports.caseTypes();
  }

  @Get('mappings')
  @Permission('administer')
  @ApiOperation({ summary: 'The saved column mappings, by case type and name' })
  listMappings(): Promise<SavedMapping[]> {
    return this.imports.listMappings();
  }

  @Post('mappings')
  @HttpCode(200)
  @Permission('administer')
  @ApiOperation({
    summary:
      "Save a mapping (the same case type and name replaces it): columns to the start form's fields, date formats, the external id column, the registrar",
    description:
      'Audited case_import.mapping_saved. Errors: 400 validation_failed; 422 case_import_mapping_invalid (an unknown case type or field, a date format on a field that is no date, a registrar who is not active or may not register the case type).',
  })
  @ApiBody({ schema: MAPPING_SCHEMA })
  saveMapping(@User() admin: CurrentUser, @Body() body: unknown): Promise<SavedMapping> {
    const { name, ...mapping } = validateCommand<ImportMapping & { name: string }>(MAPPING_SCHEMA, body);
    return this.imports.saveMapping(admin, name, mapping);
  }

  @Post('dry-run')
  @HttpCode(200)
  @Permission('administer')
  @ApiOperation({
    summary:
      'Check a file with a mapping and create nothing: every bad row (row as in the file, header = 1; column; code; reason in your language), and the rows that look like existing cases',
    description:
      'Audited case_import.dry_run. Errors: 400 validation_failed; 404 case_import_mapping_not_found; 413 case_import_too_large; 422 case_import_unreadable (a mapped column missing, an unclosed quote, not a workbook).',
  })
  @ApiBody({ schema: FILE_SCHEMA })
  async dryRun(@User() admin: CurrentUser, @Locale() locale: string, @Body() body: unknown): Promise<CaseImportDryRun> {
    const cmd = validateCommand<FileCommand>(FILE_SCHEMA, body);
    const report = await this.imports.dryRun(admin, cmd.mappingId, { fileName: cmd.fileName, content: Buffer.from(cmd.content, 'base64') });
    return { ...report, problems: localizeImportProblems(report.problems, locale) };
  }

  @Post('jobs')
  @HttpCode(202)
  @Permission('administer')
  @ApiOperation({
    summary:
      'Import a file with a mapping in the background: each good row registered as a case (number, deadlines, audit), rows already imported (same external id) skipped',
    description: 'Runs in batches with its progress on the job; a restart continues it. Audited case_import.started. Errors: as the dry run.',
  })
  @ApiBody({ schema: FILE_SCHEMA })
  async start(@User() admin: CurrentUser, @Body() body: unknown): Promise<ImportJob> {
    const cmd = validateCommand<FileCommand>(FILE_SCHEMA, body);
    const job = await this.imports.startJob(admin, cmd.mappingId, { fileName: cmd.fileName, content: Buffer.from(cmd.content, 'base64') });
    void this.runner.start(job.id);
    return job;
  }

  @Get('jobs')
  @Permission('administer')
  @ApiOperation({ summary: 'The latest import jobs with their progress (total, position, created, skipped, failed, state)' })
  listJobs(): Promise<ImportJob[]> {
    return this.imports.listJobs();
  }

  @Get('jobs/:id')
  @Permission('administer')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: "One import job's progress and the problems of its failed rows (in your language). Errors: 404 case_import_job_not_found." })
  async job(@Locale() locale: string, @Param('id', ParseUUIDPipe) id: string): Promise<ImportJob> {
    const job = await this.imports.job(id);
    return { ...job, problems: localizeImportProblems(job.problems, locale) };
  }
}
