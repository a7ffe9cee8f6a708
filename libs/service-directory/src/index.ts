export * from './service-directory.module';
export * from './service-directory.errors';
export { ServiceDirectoryService, type AdminProviderView, type DirectoryQuery } from './service-directory.service';
