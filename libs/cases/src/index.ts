export * from './cases.errors';
export * from './cases.module';
export * from './case-hooks';
export * from './case-registration.service';
export * from './case-forms.service';
export * from './case-workflow.service';
export * from './case-queries.service';
export { parseIfMatch } from './case-access';
