export * from './case-migration.errors';
export * from './case-migration.module';
export { AbandonedMigrations, ABANDONED_CHECK_MS } from './abandoned-migrations';
export { CaseMigrationService, MIGRATION_BATCH_SIZE, ABANDONED_AFTER_MS, type DryRunReport, type DeadlineChange } from './case-migration.service';
export { MIGRATION_PLAN_SCHEMA, resolvePlan, type MigrationPlan, type NewFieldRule, type ResolvedPlan, type PlanSide } from './migration-plan';
export { planCaseMove, type CaseMove, type CaseStays, type CaseMoveDecision, type CaseToMove, type CannotMoveReason } from './case-move';
export type { MigrationRun, MigrationStatus } from './case-migrations.repository';
export { MigrationOutlines, type MigrationOutline, type OutlineSide, type MigrationRunSummary } from './migration-outline';
