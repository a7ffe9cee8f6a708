export * from './people.errors';
export * from './administer-scope';
export type { PeopleFilter } from './people.repository';
export type { PersonInput } from './person-fields';
export * from './people.service';
export * from './people.module';
export { PEOPLE_IMPORT_LIMITS, PeopleImportErrorCode, type ImportProblem } from './people-import';
export * from './people-import.service';
