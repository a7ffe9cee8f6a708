import { registerErrorCodes } from '@app/core';

export enum CaseMigrationErrorCode {
  PlanInvalid = 'migration_plan_invalid',
  MigrationNotFound = 'case_migration_not_found',
  MigrationRunning = 'case_migration_running',
}

registerErrorCodes({
  [CaseMigrationErrorCode.PlanInvalid]: { status: 422, title: 'The migration plan is invalid' },
  [CaseMigrationErrorCode.MigrationNotFound]: { status: 404, title: 'Case migration not found' },
  [CaseMigrationErrorCode.MigrationRunning]: { status: 409, title: 'A case migration between these versions is already running' },
});
