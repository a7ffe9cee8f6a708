import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

/**
 * `node dist/apps/worker/src/main.js`: a scheduler process against DATABASE_URL. The SOP pack must
 * already be published (the API publishes it at start). Stops cleanly on SIGTERM/SIGINT; a SIGKILL
 * loses nothing either (every effect is transactional; see docs/adr/0005-scheduler.md).
 */
async function bootstrap(): Promise<void> {
  process.env.CMIS_SCHEDULER = 'on';
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
}

void bootstrap();
