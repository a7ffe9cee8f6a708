import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { createDataSource, migrateWith, runMigrations } from './data-source';
import { DatabaseNotifications } from './database-notifications';
import { ReadReplica } from './read-replica';

/**
 * Provides the DataSource (initialised and migrated) to repositories. Migrations run first as the
 * schema owner (DATABASE_OWNER_URL) over a connection of their own; the application then connects
 * with DATABASE_URL (the least-privilege role `cmis_app`). Without DATABASE_OWNER_URL the migrations
 * run over DATABASE_URL, which then has to own the schema: simple setups only. Also provides the
 * ReadReplica that reports read through (DATABASE_REPLICA_URL).
 */
@Global()
@Module({
  imports: [ConfigModule],
  providers: [
    DatabaseNotifications,
    {
      provide: DataSource,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const options = { logQueryErrors: config.NODE_ENV !== 'test' };
        const owner = config.DATABASE_OWNER_URL;
        const url = config.requireDatabaseUrl();
        if (owner) {
          await migrateWith(owner, options);
        } else {
          new Logger('Database').warn(
            'DATABASE_OWNER_URL is not set: migrations run over DATABASE_URL, so the application ' +
              'connects as the schema owner and only a trigger protects the audit log. Use this for simple setups only ' +
              '(docs/development.md, "Database roles").',
          );
        }
        const ds = createDataSource(url, config.DB_POOL_SIZE, options);
        await ds.initialize();
        if (!owner) {
          try {
            await runMigrations(ds);
          } catch (e) {
            await ds.destroy();
            throw e;
          }
        }
        return ds;
      },
    },
    {
      // Reports' reads: the replica when configured (never migrated: it replays the primary), else the primary.
      provide: ReadReplica,
      inject: [AppConfig, DataSource],
      useFactory: async (config: AppConfig, primary: DataSource) => {
        if (!config.DATABASE_REPLICA_URL) return ReadReplica.primaryOnly(primary);
        const options = { logQueryErrors: config.NODE_ENV !== 'test', readOnly: true };
        return ReadReplica.connect(primary, createDataSource(config.DATABASE_REPLICA_URL, config.DB_REPLICA_POOL_SIZE, options));
      },
    },
  ],
  exports: [DataSource, ReadReplica, DatabaseNotifications],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ReadReplica) private readonly reads: ReadReplica,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.reads.close();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
