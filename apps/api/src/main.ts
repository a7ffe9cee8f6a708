import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@app/config';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { webAppDir } from './http/web-app';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

async function bootstrap(): Promise<void> {
  // A bad variable stops the start here with its name and what it expects (ConfigModule reads the same).
  const config = loadConfigOrExit();
  // Nest's own start-up lines wait for the JSON logger that configureApp installs.
  const app = await NestFactory.create(AppModule.forRoot(), { bufferLogs: true });
  configureApp(app);
  // SIGTERM/SIGINT: let a scheduler tick finish and close SMTP connections before exiting.
  app.enableShutdownHooks();
  const { PORT: port, HOST: host } = config;
  await app.listen(port, host);
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  const web = existsSync(join(webAppDir(config), 'index.html'));
  console.log(`\nCMIS is running: ${web ? `${url}/ (web app)  ` : ''}${url}/api/docs (API docs)  ${url}/api/health`);
  if (config.CMIS_DEMO) console.log('Demo users: see README.md (password: demo-only-Passw0rd!)\n');
}

void bootstrap();
