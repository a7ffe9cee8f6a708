import { DynamicModule, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { AuditModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { ChannelRegistry, NotificationsModule } from '@app/notifications';
import type { PluginDefinition } from '@app/plugin-sdk';
import { SCHEDULED_WORK } from '@app/scheduler';
import { PACK_EXTENSIONS, SopRegistryModule } from '@app/sop-registry';
import { PluginCatalogue } from './plugin-catalogue';
import { PluginHooks } from './plugin-hooks';
import { PluginFacts } from './plugin-facts';
import { PluginJobs } from './plugin-jobs';
import { migratePlugins } from './plugin-migrator';
import { PluginRoutesService } from './plugin-routes.service';
import { PluginScreensService } from './plugin-screens.service';

/** On start: the installed plugins' migrations (before anything can reach their tables), and their channels. */
@Injectable()
class PluginStartup implements OnModuleInit {
  constructor(
    @Inject(PluginCatalogue) private readonly catalogue: PluginCatalogue,
    private readonly ds: DataSource,
    private readonly channels: ChannelRegistry,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await migratePlugins(this.ds, this.catalogue.all(), this.config.DATABASE_OWNER_URL);
    for (const def of this.catalogue.all()) {
      for (const c of def.channels ?? []) {
        if (!this.channels.get(c.id)) this.channels.register(c);
      }
    }
  }
}

/**
 * Runs the installed plugins (a list given by the application, e.g. plugins/index.ts): their pack
 * contributions, routes, hooks, jobs, migrations and channels. Global, so the SOP registry and the
 * scheduler find the pack extensions and the jobs without importing this module.
 */
@Module({})
export class PluginHostModule {
  static forRoot(plugins: ReadonlyArray<PluginDefinition<any>>): DynamicModule {
    const catalogue = new PluginCatalogue(plugins);
    return {
      module: PluginHostModule,
      global: true,
      imports: [AuditModule, CasesModule, NotificationsModule, SopRegistryModule],
      providers: [
        { provide: PluginCatalogue, useValue: catalogue },
        { provide: PACK_EXTENSIONS, useValue: catalogue },
        PluginRoutesService,
        PluginScreensService,
        PluginHooks,
        PluginFacts,
        PluginJobs,
        PluginStartup,
        { provide: SCHEDULED_WORK, useExisting: PluginJobs },
      ],
      exports: [PluginCatalogue, PACK_EXTENSIONS, PluginRoutesService, PluginScreensService, SCHEDULED_WORK],
    };
  }
}
