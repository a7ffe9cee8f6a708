import { Injectable } from '@nestjs/common';
import { Clock } from '@app/core';
import { assertStrongPassword, hashPassword, TotpSecrets, UsersRepository } from '@app/identity';
import type { SopPack } from '@app/pack-types';
import { SopVersionsRepository } from './sop-versions.repository';

/** The demo-only password of every demo user (printed in the README; never use outside demos and tests). */
export const DEMO_PASSWORD = 'demo-only-Passw0rd!';

/** Creates (or refreshes) the pack's demo users. Only the demo (`CMIS_DEMO=1`), `cmis seed` and tests call it. */
@Injectable()
export class DemoUsersSeeder {
  constructor(
    private readonly users: UsersRepository,
    private readonly versions: SopVersionsRepository,
    private readonly clock: Clock,
    private readonly secrets: TotpSecrets,
  ) {}

  async seed(pack: SopPack, password = DEMO_PASSWORD): Promise<Record<string, string>> {
    return (await this.seedWithReport(pack, password)).ids;
  }

  /**
   * Seeds, and says which demo users already existed with a role this pack does not define: another
   * pack's demo seeded the same database under the same username. They are taken over (updated to
   * this pack's roles, place and team), which is what a demo restarted on another pack needs.
   */
  async seedWithReport(pack: SopPack, password = DEMO_PASSWORD): Promise<{ ids: Record<string, string>; takenOver: string[] }> {
    // The password policy applies to demo users too (their usernames included).
    for (const u of pack.demoUsers) {
      try {
        assertStrongPassword(password, { username: u.username });
      } catch (e: any) {
        throw new Error(`Demo user ${u.username} of pack ${pack.manifest.id} (demo-users.json): ${e?.message ?? e}`);
      }
    }
    const hash = await hashPassword(password);
    const ids: Record<string, string> = {};
    const roles = new Set(pack.roles.map((r) => r.id));
    const takenOver: string[] = [];
    for (const u of pack.demoUsers) {
      const path = await this.versions.locationPath(u.location);
      if (!path) throw new Error(`Demo user ${u.username} of pack ${pack.manifest.id}: location ${u.location} is not published.`);
      const existing = await this.users.findByUsername(u.username);
      if (existing && existing.roles.some((r) => !roles.has(r))) takenOver.push(u.username);
      ids[u.username] = await this.users.upsert({
        username: u.username,
        displayName: u.displayName,
        passwordHash: hash,
        roles: u.roles,
        agencyId: u.agency ?? null,
        teamId: u.team ?? null,
        locationCode: u.location,
        locationPath: path,
        locale: u.locale ?? pack.manifest.defaultLocale,
        email: u.email ?? null,
        phone: u.phone ?? null,
      });
      // Demo only: a fixed, published authenticator secret (`npm run cmis -- totp code <secret>`).
      if (u.totpSecret) await this.users.setActiveTotp(ids[u.username], this.secrets.seal(ids[u.username], u.totpSecret), this.clock.now());
    }
    return { ids, takenOver };
  }
}
