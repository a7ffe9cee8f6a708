export * from './cases.errors';
export * from './cases.module';
export * from './case-hooks';
export * from './case-registration.service';
export * from './case-forms.service';
export * from './case-workflow.service';
export * from './case-queries.service';
export { parseIfMatch } from './case-access';
export * from './case-consent.service';
export * from './case-grants.service';
export * from './permission-insight.service';
export { CaseAnnotationsService, ADD_FLAG_SCHEMA, REMOVE_FLAG_SCHEMA, ADD_NOTE_SCHEMA } from './case-annotations.service';
export { CaseAssignmentService, ASSIGN_SCHEMA, HANDOVER_SCHEMA } from './case-assignment.service';
export { CasePeopleService, PEOPLE_PURPOSES, type CasePerson, type PeoplePurpose } from './case-people.service';
export { CaseLinksService, CASE_LINK_KINDS, LINK_SCHEMA, UNLINK_SCHEMA } from './case-links.service';
export { ApprovalsInboxService } from './approvals-inbox.service';
export { TeamWorkloadService } from './team-workload.service';
export { casePredicate } from './case-list-access';
export type { CasePredicate } from './repositories/cases.repository';
export type { DataQualityNotice } from './data-quality-at-entry';
export { PluginCaseGateway } from './plugin-case-gateway';
export { CaseFactSources, type CaseFactRequest, type CaseFactSource } from './case-facts';
export { CaseIntakeService, TAKE_CASE_SCHEMA } from './intake/case-intake.service';
export { hasIntakeQueue } from './intake/intake-queue';
export { type CaseAbilities, mayBreakGlass, maySeeTeamDeadlines } from './case-abilities';

// The building blocks the case-deadlines, referrals and data-quality libs are made of: case access and
// disclosure, the writer and the case repositories. Their services reach the case tables only through these.
export { CaseAccessService, type CaseAccess, factsOf, formFieldSource, permissionsFor, readableFields, topLevelFields } from './case-access';
// The pure checks of a start form, for the SOP simulation (no case is stored there).
export { checkAnswers, identityFrom, riskFrom } from './case-answers';
// The registration's duplicate check, for an import's dry run (the same matches registration records).
export { possibleDuplicates, type PossibleDuplicate } from './possible-duplicates';
export { CaseWriter } from './case-writer';
export { CaseAudit } from './case-audit';
export { CaseRecipients, type CaseReaders, type ReadersRequest } from './case-recipients';
export { toSnapshot } from './case-snapshot';
export { derivedVisibility, stepLabelOf, toCaseView } from './case-view';
export { deadlineVisible } from './deadline-visibility';
export { blankFreeText, mayReadIdentity, readsIdentity, sendWithReason, sharesIdentity } from './case-disclosure';
export { invalidField, REASON_SCHEMA } from './command-parts';
export { CasesRepository, isUuid, CASE_LIST_SORTS } from './repositories/cases.repository';
export { CaseRecordsRepository, type NewCaseEvent } from './repositories/case-records.repository';
export { CaseGrantsRepository, NO_GRANTS, type ActiveGrants } from './repositories/case-grants.repository';
export { ReferralsRepository, OPEN_REFERRAL, type Referral, type ReferralChange, type ReferralStatus } from './repositories/referrals.repository';
