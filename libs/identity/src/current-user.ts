/** The signed-in user as services see it (never the password hash). */
export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  agencyId: string | null;
  teamId: string | null;
  locationCode: string;
  locationPath: string;
  locale: string;
  /** Where the request came from (set per request by the API; recorded in the audit log). */
  origin?: { ip: string | null; userAgent: string | null };
}
