import type { components, operations } from './api-types.gen';

/**
 * The API's shapes, generated from its OpenAPI document (api-types.gen.ts, `npm run api:types`):
 * the web app names them here instead of typing the server's answers a second time.
 */
export type ApiSchemas = components['schemas'];

type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Responses<Op extends keyof operations> = operations[Op]['responses'];

/** The JSON body of an operation's successful answer, by operation id (`Controller_method`). */
export type ApiResponse<Op extends keyof operations> = {
  [S in keyof Responses<Op>]: S extends 200 | 201 | 202 ? JsonBody<Responses<Op>[S]> : never;
}[keyof Responses<Op>];

type UnionKeys<T> = T extends unknown ? keyof T : never;
type WithAbsentKeys<T, All> = T extends unknown ? T & Partial<Record<Exclude<UnionKeys<All>, keyof T>, undefined>> : never;
/**
 * An answer whose shape depends on the reader (a hidden note, the receiving side of a referral):
 * each member also lists the others' members as absent, so the page can read any of them.
 */
export type EitherShape<T> = WithAbsentKeys<T, T>;

/** Problem details (RFC 9457), the body of every error answer. */
export type ApiProblem = ApiSchemas['ProblemDetails'];

// Cases
export type CaseAbilities = ApiSchemas['CaseAbilities'];
export type CaseView = ApiResponse<'CasesController_get'>;
export type CasePerson = ApiSchemas['CasePerson'];
export type CaseListPage = ApiResponse<'CasesController_list'>;
export type CaseListRow = CaseListPage['items'][number];
export type CaseDeadline = ApiResponse<'CasesController_deadlines'>[number];
export type CaseTimelineEvent = ApiResponse<'CasesController_timeline'>[number];
export type CaseTransition = ApiResponse<'CaseWorkflowController_transitions'>[number];
export type CaseFlag = ApiSchemas['CaseFlag'];
export type CaseNote = EitherShape<ApiResponse<'CaseAnnotationsController_notes'>[number]>;
export type CaseGrant = ApiResponse<'CaseSafeguardsController_access'>[number];
export type CaseConsents = ApiResponse<'CaseSafeguardsController_consents'>;
export type CaseFormSchema = ApiResponse<'CaseSafeguardsController_formSchema'>;
export type CaseFormEntry = CaseView['forms'][string][number];

// Work lists, team, inbox
export type Worklist = ApiResponse<'DeadlinesController_mine'>;
export type WorklistItem = ApiSchemas['WorklistItem'];
export type ApprovalsWaiting = ApiResponse<'DeadlinesController_approvalsWaiting'>;
export type ApprovalWaiting = ApprovalsWaiting['items'][number];
export type TeamWorkload = ApiSchemas['TeamWorkload'];
export type InboxMessage = ApiSchemas['InboxMessage'];
export type IntakeQueuePage = ApiResponse<'IntakeController_list'>;
export type IntakeQueueItem = IntakeQueuePage['items'][number];

// Referrals, transfers, the service directory
/** One referral as the reader's side sees it; the provider's side also gets what it shares (`shared`). */
export type ReferralView = ApiSchemas['ReferralView'] & { shared?: ApiSchemas['PackageSection'][] };
export type ReferralListItem = ApiSchemas['ReferralView'];
export type FollowUpQuestion = NonNullable<ApiSchemas['ReferralView']['followUpQuestions']>[number];
export type FollowUpRecord = NonNullable<ApiSchemas['ReferralView']['followUp']>;
export type CaseReferral = ApiResponse<'ReferralsController_forCase'>[number];
export type ReferralListPage = ApiResponse<'ReferralsController_list'>;
export type TransferView = ApiSchemas['TransferView'];
export type TransferReceiver = ApiSchemas['TransferReceiver'];
export type ServiceDirectory = ApiResponse<'ServiceDirectoryController_list'>;

// The signed-in user, the SOP, reports
export type Me = ApiResponse<'AuthController_me'>;
export type SopClientPayload = ApiResponse<'SopController_current'>;
export type DataQualityReport = ApiSchemas['DataQualityReport'];
export type DashboardSummary = ApiResponse<'ReportsController_listDashboards'>[number];
export type DashboardView = ApiResponse<'ReportsController_dashboard'>;
export type PackLint = ApiResponse<'AdminSopController_lint'>;
export type PermissionPreview = ApiResponse<'AdminPermissionsController_preview'>;
export type PublishedSopVersion = ApiResponse<'SopController_versions'>[number];
export type IndicatorTable = ApiSchemas['ReportTable'];
export type IndicatorCell = ApiSchemas['ReportCell'];
