export * from './service-directory.module';
export { ServiceDirectoryService, type DirectoryQuery } from './service-directory.service';
