import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import generated from './api-responses.gen.json';

/** What `npm run api:types` reads from the handlers' return types (scripts/api-types/response-schemas.ts). */
export interface GeneratedResponses {
  schemas: Record<string, object>;
  responses: Record<string, object>;
}

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

/** RFC 9457 problem details, as ProblemDetailsFilter writes every error: described once, referred to by every operation. */
const PROBLEM_DETAILS = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string', example: 'https://cmis.dev/problems/validation_failed' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable error code', example: 'validation_failed' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request path' },
    requestId: { type: 'string', description: 'The X-Request-Id of the request, to find its log lines' },
    errors: {
      type: 'array',
      description: 'validation_failed: what is wrong, by JSON pointer',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
  additionalProperties: true,
};
const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } };

/** The API's OpenAPI document: the routes Nest finds, with every response body the handlers' types declare. */
export function apiDocument(app: INestApplication, responses = generated as GeneratedResponses): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('CMIS case management API')
    .setDescription(
      'Configuration-driven case management: the SOP pack decides the workflow, forms, roles and who the cases are about. Errors are RFC 9457 problem details with a stable `code`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  return describeResponses(SwaggerModule.createDocument(app, config), responses);
}

/**
 * Puts each handler's response schema (by operation id, `Controller_method`) on its successful
 * response, the component schemas beside them, and problem details on every error response.
 */
export function describeResponses(document: OpenAPIObject, { schemas, responses }: GeneratedResponses): OpenAPIObject {
  const components = (document.components ??= {});
  components.schemas = { ...components.schemas, ...schemas, ProblemDetails: PROBLEM_DETAILS };
  components.responses = { ...components.responses, Problem: { description: 'An error, as RFC 9457 problem details', content: PROBLEM_CONTENT } };
  for (const item of Object.values(document.paths)) {
    // Every method Nest lists (an @All route also has `search`), not only OpenAPI's eight.
    for (const operation of Object.values(item) as unknown[]) {
      if (!isOperation(operation)) continue;
      const schema = operation.operationId ? responses[operation.operationId] : undefined;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!response || !('description' in response)) continue;
        if (/^2\d\d$/.test(status) && status !== '204' && schema) {
          response.description ||= 'OK';
          response.content = { 'application/json': { schema } };
        } else if (/^[45]\d\d$/.test(status)) response.content = PROBLEM_CONTENT;
      }
      operation.responses.default = { $ref: '#/components/responses/Problem' };
    }
  }
  return document;
}

function isOperation(value: unknown): value is Operation {
  return typeof value === 'object' && value !== null && 'responses' in value;
}

export function setupApiDocs(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, apiDocument(app), { jsonDocumentUrl: 'api/openapi.json' });
}
