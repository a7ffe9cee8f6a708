import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { webAppDir } from './http/web-app';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule.forRoot(), { logger: ['error', 'warn', 'log'] });
  configureApp(app);
  // SIGTERM/SIGINT: let a scheduler tick finish and close SMTP connections before exiting.
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  await app.listen(port, host);
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  const web = existsSync(join(webAppDir(), 'index.html'));
  console.log(`\nCMIS is running: ${web ? `${url}/ (web app)  ` : ''}${url}/api/docs (API docs)  ${url}/api/health`);
  if (process.env.CMIS_DEMO === '1') console.log('Demo users: see README.md (password: demo-only-Passw0rd!)\n');
}

void bootstrap();
