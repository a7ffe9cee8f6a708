/**
 * The case list's filters, order and page as the URL's query (`/cases?step=assessment&overdue=true`),
 * so back, forward, reload and a shared link show the same list. The names are the API's
 * (GET /api/cases), and only these reach the API.
 */
export const CASE_LIST_KEYS = [
  'q',
  'status',
  'step',
  'risk',
  'caseType',
  'location',
  'overdue',
  'flagged',
  'mine',
  'team',
  'assignedTo',
  'sort',
  'pageSize',
  'page',
] as const;
export type CaseListKey = (typeof CASE_LIST_KEYS)[number];
export type CaseListQuery = Partial<Record<CaseListKey, string>>;

export const PAGE_SIZES = ['10', '25', '50', '100'];
export const DEFAULT_PAGE_SIZE = '25';
export const SORTS = ['updated', 'updated_asc', 'registered', 'registered_asc'];

/** The list's query from a path such as `/cases?step=x`: unknown and empty parameters dropped. */
export function readCaseListQuery(path: string): CaseListQuery {
  const params = new URLSearchParams(path.split('?')[1] ?? '');
  const out: CaseListQuery = {};
  for (const key of CASE_LIST_KEYS) {
    const value = params.get(key);
    if (value) out[key] = value;
  }
  return out;
}

/** `?a=1&b=2` in a fixed order (so the same list has one address), or '' without filters. */
export function toSearch(q: CaseListQuery): string {
  const params = new URLSearchParams();
  for (const key of CASE_LIST_KEYS) if (q[key]) params.set(key, q[key]!);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** GET /api/cases for the query, with the default page size. */
export function apiPathOf(q: CaseListQuery): string {
  return `/api/cases${toSearch({ ...q, pageSize: q.pageSize ?? DEFAULT_PAGE_SIZE })}`;
}

/** How many filters narrow the list (order, page and page size are not filters). */
export function activeFilters(q: CaseListQuery): number {
  return CASE_LIST_KEYS.filter((k) => !['sort', 'pageSize', 'page'].includes(k) && q[k]).length;
}
