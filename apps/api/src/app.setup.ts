import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Body limits and API docs, shared by main.ts and the e2e tests so both run the same app. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const limit = process.env.CMIS_BODY_LIMIT ?? '1mb';
  express.useBodyParser('json', { limit });
  express.disable('x-powered-by');
  app.enableShutdownHooks();
  const config = new DocumentBuilder()
    .setTitle('CMIS case management API')
    .setDescription('Configuration-driven child-protection case management. Errors are RFC 9457 problem details with a stable `code`.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
}
