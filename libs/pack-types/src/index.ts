/**
 * @app/pack-types: the SOP pack format v1 as TypeScript types, and nothing else (no code, no I/O).
 * The engine (@app/workflow), forms, templates and the plugin SDK use these types; @app/sop, which
 * reads, validates and lints packs, builds on them and on those libs. Keeping the types below all of
 * them is what keeps the libs free of import cycles (docs/development.md, "Layering").
 */
export type * from './translated';
export type * from './pack.types';
export type * from './security.types';
export type * from './reporting.types';
export type * from './plugin-data.types';
export type * from './dhis2.types';
