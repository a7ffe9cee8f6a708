import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * The web app's API types (apps/web/src/api-types.gen.ts) are generated from the OpenAPI document,
 * whose response schemas come from the server's TypeScript types (apps/api/src/http/api-responses.gen.json).
 * When either side moves without `npm run api:types`, these fail. No database: the script builds
 * the document from the app's routes alone; it runs as a process of its own, as a developer runs it.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const FIX = 'run `npm run api:types` and commit the generated files';
const COMMITTED = { responses: 'apps/api/src/http/api-responses.gen.json', webTypes: 'apps/web/src/api-types.gen.ts' };

type Operation = { operationId?: string; responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }> };

function operations(document: OpenAPIObject): Array<{ id: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([route, item]) =>
    Object.entries(item as Record<string, Operation>)
      .filter(([, op]) => typeof op === 'object' && op !== null && 'responses' in op)
      .map(([method, operation]) => ({ id: operation.operationId ?? `${method} ${route}`, operation })),
  );
}

/** A schema that says what the body is (a type, a reference, a union, an enum), not just "any JSON". */
function describesShape(schema: Record<string, unknown> | undefined): boolean {
  return !!schema && ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'enum', 'properties', 'items'].some((k) => k in schema);
}

const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n');

describe("The web app's API types", () => {
  let out: string;
  let document: OpenAPIObject;
  let generated: { responses: Record<string, unknown> };

  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'api-types-'));
    execFileSync(process.execPath, ['-r', './scripts/lib/ts-register.cjs', 'scripts/api-types/api-types.ts', '--out', out], { cwd: ROOT, stdio: 'pipe' });
    document = JSON.parse(fs.readFileSync(path.join(out, 'openapi.json'), 'utf8'));
    generated = JSON.parse(fs.readFileSync(path.join(out, path.basename(COMMITTED.responses)), 'utf8'));
  }, 120_000);

  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  // Line by line, so a failure shows the lines that drifted.
  it(`the committed response schemas are the server's current response types (else ${FIX})`, () => {
    expect(lines(path.join(ROOT, COMMITTED.responses))).toEqual(lines(path.join(out, path.basename(COMMITTED.responses))));
  });

  it(`the committed web types are what the current OpenAPI document generates (else ${FIX})`, () => {
    expect(lines(path.join(ROOT, COMMITTED.webTypes))).toEqual(lines(path.join(out, path.basename(COMMITTED.webTypes))));
  });

  it('every operation describes its successful response body (or answers 204 No Content)', () => {
    const all = operations(document);
    expect(all.length).toBeGreaterThan(70);
    const undescribed = all
      .filter(({ operation }) =>
        Object.entries(operation.responses).every(
          ([status, response]) => !/^2\d\d$/.test(status) || (status !== '204' && !Object.values(response.content ?? {}).some((c) => c.schema)),
        ),
      )
      .map(({ id }) => id);
    expect(undescribed).toEqual([]);
  });

  it('only the plugin routes answer "any JSON": every other body has a shape', () => {
    const shapeless = operations(document)
      .filter(({ operation }) =>
        Object.entries(operation.responses).some(
          ([status, response]) => /^2\d\d$/.test(status) && Object.values(response.content ?? {}).some((c) => !describesShape(c.schema)),
        ),
      )
      .map(({ id }) => id.replace(/_[a-z]+$/, '_*'));
    expect([...new Set(shapeless)]).toEqual(['PluginsController_call_*']);
  });

  it('every generated response schema belongs to an operation of the document', () => {
    const ids = new Set(operations(document).map(({ id }) => id));
    expect(Object.keys(generated.responses).filter((id) => !ids.has(id))).toEqual([]);
  });

  it('every error response is problem details, described once', () => {
    const errors = operations(document).flatMap(({ id, operation }) =>
      Object.entries(operation.responses)
        .filter(([status]) => /^[45]\d\d$/.test(status))
        .map(([status, response]) => ({ id, status, schema: response.content?.['application/problem+json']?.schema })),
    );
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((e) => e.schema?.$ref !== '#/components/schemas/ProblemDetails')).toEqual([]);
    expect(
      operations(document)
        .filter(({ operation }) => !('default' in operation.responses))
        .map(({ id }) => id),
    ).toEqual([]);
  });
});
