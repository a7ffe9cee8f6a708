import { AppConfig } from '@app/config';
import type { Dhis2Server } from './dhis2-client';

/** The DHIS2 server and credentials of this deployment (never the pack's), or null when unset. */
export const DHIS2_SERVER = Symbol('DHIS2_SERVER');

export function dhis2ServerFrom(c: AppConfig): Dhis2Server | null {
  if (!c.DHIS2_URL) return null;
  if (c.DHIS2_TOKEN) return { url: c.DHIS2_URL, auth: { token: c.DHIS2_TOKEN } };
  if (c.DHIS2_USERNAME && c.DHIS2_PASSWORD) return { url: c.DHIS2_URL, auth: { username: c.DHIS2_USERNAME, password: c.DHIS2_PASSWORD } };
  return null;
}
