import { SetMetadata } from '@nestjs/common';

export const PERMISSION_KEY = 'cmis:permission';

/**
 * Every route declares what it needs; a route without a declaration is refused (deny by default).
 * - `public`: no sign-in (health, login, API docs).
 * - `authenticated`: any signed-in user; the service then checks case-level rights with CASL.
 * - `administer`: users whose role has `administer: true`.
 * - `administer_people`: users whose role administers some people (`administer: true` or a delegated
 *   `administer: { scope, roles }`); the service then decides which users they may see and change.
 */
export type RoutePermission = 'public' | 'authenticated' | 'administer' | 'administer_people';

export const Permission = (permission: RoutePermission) => SetMetadata(PERMISSION_KEY, permission);

export const TWO_FACTOR_ENROLMENT_KEY = 'cmis:allow-during-two-factor-enrolment';

/**
 * Marks the few routes a session may call while its user must still set up two-factor
 * authentication (a role requires it): who am I, sign out, two-factor set-up and confirmation.
 * Every other route answers 403 `two_factor_enrolment_required` to such a session.
 */
export const AllowDuringTwoFactorEnrolment = () => SetMetadata(TWO_FACTOR_ENROLMENT_KEY, true);
