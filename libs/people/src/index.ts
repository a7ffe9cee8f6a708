export * from './people.errors';
export * from './administer-scope';
export type { PeopleFilter } from './people.repository';
export type { PersonInput } from './person-fields';
export * from './people.service';
export * from './people.module';
