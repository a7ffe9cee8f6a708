import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { AppConfig } from '@app/config';
import { CompiledSop, FirstRunService, SopRegistry, DemoUsersSeeder } from '@app/sop-registry';
import { DemoCasesSeeder } from './demo-cases.seeder';

export function repoRoot(): string {
  // dist/apps/api/src or apps/api/src → the checkout root
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}: run the API from a checkout (or set CMIS_SOP_DIR to an absolute path).`);
    dir = parent;
  }
  return dir;
}

/**
 * On start: publish the configured pack (a no-op when this content is already published), in
 * demo mode seed the pack's demo users (demo-users.json) and demo cases (demo-cases.json), and
 * without any user print a set-up code for the first administrator.
 */
@Injectable()
export class StartupService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Startup');
  constructor(
    private readonly registry: SopRegistry,
    private readonly demoUsers: DemoUsersSeeder,
    private readonly demoCases: DemoCasesSeeder,
    private readonly config: AppConfig,
    private readonly firstRun: FirstRunService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const dir = path.resolve(repoRoot(), this.config.CMIS_SOP_DIR);
    const { sop, created } = await this.registry.publishDir(dir, 'startup');
    this.logger.log(`SOP ${sop.packId} version ${sop.version} ${created ? 'published' : 'already published'} (${dir})`);
    if (this.config.CMIS_DEMO) await this.seedDemo(sop);
    await this.announceSetupCode();
  }

  /** No user at all (a new production installation): print a new one-time set-up code for the first-run page. */
  private async announceSetupCode(): Promise<void> {
    const issued = await this.firstRun.issueCodeIfRequired();
    if (!issued) return;
    this.logger.warn(
      `First run: no user exists. Open the web app and create the first administrator with the set-up code ${issued.code} ` +
        `(valid until ${issued.expiresAt.toISOString()}; each start prints a new one), or run: npm run cmis -- admin create-first`,
    );
  }

  /**
   * Demo users, then the pack's demo cases. A demo that cannot be seeded (a user the password policy
   * refuses, a demo case the engine refuses) is logged, naming the user or the file and JSON path,
   * and the product still starts: the demo is a convenience, never a reason not to serve.
   * Demo users are found by username, so one that another pack seeded into the same database is
   * taken over by this pack (its roles, place and team are this pack's from now on), and said so.
   */
  private async seedDemo(sop: CompiledSop): Promise<void> {
    try {
      const { takenOver } = await this.demoUsers.seedWithReport(sop.pack);
      if (takenOver.length) {
        this.logger.warn(
          `Demo: users ${takenOver.join(', ')} had roles the pack ${sop.packId} does not define (another pack's demo in this database?); they now have ${sop.packId}'s roles`,
        );
      }
    } catch (e: any) {
      this.logger.error(`Demo users of ${sop.packId} not seeded: ${e?.message ?? e}`);
      return;
    }
    const { registered, failed } = await this.demoCases.seed(sop);
    if (registered > 0) this.logger.log(`Demo: ${registered} demo cases of ${sop.packId} registered`);
    for (const f of failed) this.logger.error(`Demo case not registered: ${f.path}: ${f.message}`);
  }
}
