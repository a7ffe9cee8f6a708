export * from './identity.errors';
export * from './current-user';
export * from './users.repository';
export * from './auth.service';
export * from './permission.decorator';
export * from './identity.module';
