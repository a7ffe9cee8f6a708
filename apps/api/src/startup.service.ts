import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import * as path from 'node:path';
import { SopRegistry, DemoUsersSeeder } from '@app/sop-registry';
import { DemoCasesSeeder } from './demo-cases.seeder';

export function repoRoot(): string {
  // dist/apps/api/src or apps/api/src → the checkout root
  let dir = __dirname;
  while (!require('node:fs').existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}: run the API from a checkout (or set CMIS_SOP_DIR to an absolute path).`);
    dir = parent;
  }
  return dir;
}

/**
 * On start: publish the configured pack (a no-op when this content is already published), and in
 * demo mode seed demo users and a few demo cases.
 */
@Injectable()
export class StartupService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Startup');
  constructor(private readonly registry: SopRegistry, private readonly demoUsers: DemoUsersSeeder, private readonly demoCases: DemoCasesSeeder) {}

  async onApplicationBootstrap(): Promise<void> {
    const dir = path.resolve(repoRoot(), process.env.CMIS_SOP_DIR ?? 'sops/moldova');
    const { sop, created } = await this.registry.publishDir(dir, 'startup');
    this.logger.log(`SOP ${sop.packId} version ${sop.version} ${created ? 'published' : 'already published'} (${dir})`);
    if (process.env.CMIS_DEMO === '1') {
      await this.demoUsers.seed(sop.pack);
      const n = await this.demoCases.seedIfEmpty();
      if (n > 0) this.logger.log(`Demo: ${n} demo cases registered`);
    }
  }
}
