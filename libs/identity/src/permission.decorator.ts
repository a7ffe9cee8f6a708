import { SetMetadata } from '@nestjs/common';

export const PERMISSION_KEY = 'cmis:permission';

/**
 * Every route declares what it needs; a route without a declaration is refused (deny by default).
 * - `public`: no sign-in (health, login, API docs).
 * - `authenticated`: any signed-in user; the service then checks case-level rights with CASL.
 * - `administer`: users whose role has `administer: true`.
 */
export type RoutePermission = 'public' | 'authenticated' | 'administer';

export const Permission = (permission: RoutePermission) => SetMetadata(PERMISSION_KEY, permission);
