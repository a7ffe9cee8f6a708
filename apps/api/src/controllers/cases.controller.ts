import { Body, Controller, Get, Headers, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { validateCommand } from '@app/core';
import { CASE_LINK_KINDS, CASE_LIST_SORTS, CaseFormsService, CaseQueriesService, CaseRegistrationService, parseIfMatch, RegisterCaseCommand } from '@app/cases';
import { CurrentUser, Permission } from '@app/identity';
import { queryBool, queryInt, queryOneOf, queryText } from '../http/query-params';
import { Locale, User } from '../http/request-context';

const REGISTER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['caseType', 'answers'],
  properties: {
    caseType: { type: 'string', minLength: 1 },
    answers: { type: 'object' },
    links: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['caseId', 'kind'],
        properties: { caseId: { type: 'string' }, kind: { type: 'string', enum: [...CASE_LINK_KINDS] } },
      },
    },
  },
};

export const FILL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['answers'],
  properties: { answers: { type: 'object' }, status: { type: 'string', enum: ['draft', 'complete'] } },
};

const IF_MATCH = { name: 'If-Match', required: true, description: 'The case version you last read (ETag of GET /api/cases/{id})' };

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/cases')
export class CasesController {
  constructor(
    private readonly registration: CaseRegistrationService,
    private readonly forms: CaseFormsService,
    private readonly queries: CaseQueriesService,
  ) {}

  @Post()
  @Permission('authenticated')
  @ApiOperation({ summary: "Register a case (answers = the case type's start form); optional links to siblings or the notification" })
  @ApiBody({ schema: REGISTER_SCHEMA })
  async register(@User() user: CurrentUser, @Locale() locale: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const cmd = validateCommand<RegisterCaseCommand>(REGISTER_SCHEMA, body);
    const created = await this.registration.register(user, cmd, locale, { readBack: true });
    const view = created.view ?? null;
    res.status(201).location(`/api/cases/${created.caseId}`);
    if (view) res.setHeader('ETag', `"${view.version}"`);
    // A reporter may not be able to read the case back (need-to-know): they get the number only.
    return { ...(view ?? { id: created.caseId, caseNumber: created.caseNumber }), possibleDuplicates: created.possibleDuplicates, warnings: created.warnings };
  }

  @Get()
  @Permission('authenticated')
  @ApiOperation({ summary: 'Cases you may see, newest activity first (or as `sort` says), with the name of the worker each is assigned to' })
  @ApiQuery({ name: 'step', required: false })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'risk', required: false })
  @ApiQuery({ name: 'caseType', required: false })
  @ApiQuery({ name: 'overdue', required: false })
  @ApiQuery({ name: 'flagged', required: false, description: 'Cases with (true) or without (false) a flag not removed' })
  @ApiQuery({ name: 'mine', required: false })
  @ApiQuery({ name: 'assignedTo', required: false, description: 'Cases assigned to this user (id)' })
  @ApiQuery({ name: 'team', required: false, description: "Cases of your team (a supervisor's team list)" })
  @ApiQuery({ name: 'location', required: false, description: 'A location code: cases there or in a place below it' })
  @ApiQuery({
    name: 'sort',
    required: false,
    enum: [...CASE_LIST_SORTS],
    description: 'updated (default, newest activity first), updated_asc, registered (newest first), registered_asc',
  })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  @ApiQuery({
    name: 'q',
    required: false,
    description: 'Case number (prefix) or part of the name of the person the case is about; names match only where you may read them',
  })
  list(@User() user: CurrentUser, @Locale() locale: string, @Query() q: Record<string, unknown>) {
    return this.queries.list(
      user,
      {
        step: queryText(q.step, 'step'),
        status: queryText(q.status, 'status'),
        risk: queryText(q.risk, 'risk'),
        caseType: queryText(q.caseType, 'caseType'),
        q: queryText(q.q, 'q'),
        overdue: queryBool(q.overdue, 'overdue'),
        flagged: queryBool(q.flagged, 'flagged'),
        mine: queryBool(q.mine, 'mine'),
        assignedTo: queryText(q.assignedTo, 'assignedTo', 36),
        team: queryBool(q.team, 'team'),
        location: queryText(q.location, 'location'),
        sort: queryText(q.sort, 'sort', 20),
        page: queryInt(q.page, 'page'),
        pageSize: queryInt(q.pageSize, 'pageSize'),
      },
      locale,
    );
  }

  @Get(':id')
  @Permission('authenticated')
  @ApiOperation({ summary: 'One case as your role may see it; the ETag is its version' })
  @ApiQuery({ name: 'purpose', required: false, enum: ['view', 'print'], description: 'print: for a printed summary, audited as case.printed' })
  async get(
    @User() user: CurrentUser,
    @Locale() locale: string,
    @Param('id') id: string,
    @Query('purpose') purpose: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const view = await this.queries.get(user, id, locale, queryOneOf(purpose, 'purpose', ['view', 'print'] as const) ?? 'view');
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Put(':id/forms/:formId')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Save (draft) or submit (complete) the answers of a single form' })
  @ApiHeader(IF_MATCH)
  @ApiBody({ schema: FILL_SCHEMA })
  fill(
    @User() user: CurrentUser,
    @Locale() locale: string,
    @Param('id') id: string,
    @Param('formId') formId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.fillAndView(user, locale, id, formId, ifMatch, body, undefined, res);
  }

  @Post(':id/forms/:formId/entries')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Add an entry to a repeatable form (e.g. a follow-up visit)' })
  @ApiHeader(IF_MATCH)
  @ApiBody({ schema: FILL_SCHEMA })
  async addEntry(
    @User() user: CurrentUser,
    @Locale() locale: string,
    @Param('id') id: string,
    @Param('formId') formId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const view = await this.fillAndView(user, locale, id, formId, ifMatch, body, 'new', res);
    res.status(201);
    return view;
  }

  @Put(':id/forms/:formId/entries/:entryId')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Update an entry of a repeatable form' })
  @ApiHeader(IF_MATCH)
  @ApiBody({ schema: FILL_SCHEMA })
  updateEntry(
    @User() user: CurrentUser,
    @Locale() locale: string,
    @Param('id') id: string,
    @Param('formId') formId: string,
    @Param('entryId') entryId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.fillAndView(user, locale, id, formId, ifMatch, body, entryId, res);
  }

  @Get(':id/timeline')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Who did what and when, oldest first' })
  timeline(@User() user: CurrentUser, @Locale() locale: string, @Param('id') id: string) {
    return this.queries.timeline(user, id, locale);
  }

  @Get(':id/deadlines')
  @Permission('authenticated')
  @ApiOperation({
    summary: 'Deadlines of the case (open by default)',
    description:
      'status: open (not yet kept), met (kept on time), late (kept after its due time), missed (fell due, then stopped applying without being kept), cancelled (stopped applying before it fell due), or all.',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'met', 'late', 'missed', 'cancelled', 'all'] })
  deadlines(@User() user: CurrentUser, @Locale() locale: string, @Param('id') id: string, @Query('status') status?: string) {
    return this.queries.deadlines(user, id, status, locale);
  }

  private async fillAndView(
    user: CurrentUser,
    locale: string,
    id: string,
    formId: string,
    ifMatch: string | undefined,
    body: unknown,
    entry: string | undefined,
    res: Response,
  ) {
    const expectedVersion = parseIfMatch(ifMatch);
    const cmd = validateCommand<{ answers: Record<string, unknown>; status?: 'draft' | 'complete' }>(FILL_SCHEMA, body);
    const result = await this.forms.fill(
      user,
      { caseId: id, formId, answers: cmd.answers, status: cmd.status ?? 'complete', expectedVersion, entry, locale },
      { readBack: true },
    );
    // Read back in the change's transaction; should the change have left the case beyond the user's reach, they get its not-found answer as before.
    const view = result.view ?? (await this.queries.get(user, id, locale));
    res.setHeader('ETag', `"${view.version}"`);
    // Data-quality warnings: saved, but the person entering the answers should look again.
    return { ...view, submissionId: result.submissionId, warnings: result.warnings };
  }
}
