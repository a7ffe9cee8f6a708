/** The case's shapes as the API declares them (GET /api/cases/{id}, its `may`, GET /api/cases/{id}/people). */
export type { CaseAbilities, CasePerson, CaseView } from '../../api-types';
