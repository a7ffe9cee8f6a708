import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@app/config';
import { createLogger, PinoNestLogger } from '@app/logging';
import { AbandonedMigrations } from '@app/case-migration';
import { SchedulerCron } from '@app/scheduler';
import { Dhis2Cron } from '@app/dhis2-export';
import { WorkerModule } from './worker.module';

/**
 * `node dist/apps/worker/src/main.js`: a scheduler process against DATABASE_URL. The SOP pack must
 * already be published (the API publishes it at start). Stops cleanly on SIGTERM/SIGINT; a SIGKILL
 * loses nothing either (every effect is transactional; see docs/adr/0005-scheduler.md).
 */
async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit(); // a bad variable: its message and exit 1, before anything starts
  const logger = new PinoNestLogger(createLogger({ level: config.CMIS_LOG_LEVEL }));
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
  app.enableShutdownHooks();
  // The worker schedules whatever CMIS_SCHEDULER says (that setting is for the API's process).
  app.get(SchedulerCron).start();
  // Closed periods pushed to DHIS2 when the pack has dhis2.json and DHIS2_URL is set (docs/dhis2.md).
  app.get(Dhis2Cron).start();
  // A case migration whose API process stopped is carried on here (docs/case-migration.md).
  app.get(AbandonedMigrations).start();
}

void bootstrap();
