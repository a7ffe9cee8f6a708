import * as path from 'node:path';
import ts from 'typescript';

/**
 * The JSON Schema of every API response, read from the server's TypeScript types: each route
 * handler's return type (what its service returns, usually inferred), as JSON.stringify sends it.
 * Interfaces and type aliases of the project become named component schemas; anonymous shapes are
 * inlined. The TypeScript checker does the work, so inferred types need no second, hand-written copy.
 */
export interface ResponseSchemas {
  /** Component schemas, by the name of the interface or type alias. */
  schemas: Record<string, JsonSchema>;
  /** The successful response body of each handler, by OpenAPI operation id (`Controller_method`). */
  responses: Record<string, JsonSchema>;
}

export type JsonSchema = { [key: string]: unknown };

const ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All']);
const MAX_DEPTH = 40;

export function controllerFiles(root: string): string[] {
  const dir = path.join(root, 'apps/api/src/controllers');
  return ts.sys
    .readDirectory(dir, ['.ts'])
    .filter((f) => f.endsWith('.controller.ts'))
    .sort();
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = path.join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (f) => ts.sys.readFile(f));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, root).options;
}

function decoratorNames(node: ts.Node): string[] {
  if (!ts.canHaveDecorators(node)) return [];
  return (ts.getDecorators(node) ?? []).map((d) => {
    const call = d.expression;
    const callee = ts.isCallExpression(call) ? call.expression : call;
    return ts.isIdentifier(callee) ? callee.text : '';
  });
}

export function responseSchemas(root: string): ResponseSchemas {
  const files = controllerFiles(root);
  const program = ts.createProgram(files, { ...compilerOptions(root), noEmit: true });
  const checker = program.getTypeChecker();
  const converter = new SchemaConverter(checker, root);
  const responses: Record<string, JsonSchema> = {};
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`Not in the program: ${file}`);
    for (const cls of source.statements.filter(ts.isClassDeclaration)) {
      if (!cls.name || !decoratorNames(cls).includes('Controller')) continue;
      for (const member of cls.members) {
        if (!ts.isMethodDeclaration(member) || !decoratorNames(member).some((d) => ROUTE_DECORATORS.has(d))) continue;
        const signature = checker.getSignatureFromDeclaration(member);
        if (!signature) continue;
        const returned = checker.getAwaitedType(checker.getReturnTypeOfSignature(signature)) ?? checker.getReturnTypeOfSignature(signature);
        // Handlers that write the response themselves (@Res(): files, plugin routes) return nothing.
        if (returned.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) continue;
        responses[`${cls.name.text}_${member.name.getText(source)}`] = converter.toSchema(returned, 0);
      }
    }
  }
  const schemas = Object.fromEntries(Object.entries(converter.named).sort(([a], [b]) => a.localeCompare(b)));
  return { schemas, responses };
}

class SchemaConverter {
  readonly named: Record<string, JsonSchema> = {};
  /** Which declaration each component name came from, to catch two types with one name. */
  private readonly origins = new Map<string, ts.Symbol>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly root: string,
  ) {}

  toSchema(type: ts.Type, depth: number): JsonSchema {
    if (depth > MAX_DEPTH) return {};
    const name = this.componentName(type);
    if (name) {
      if (!(name in this.named)) {
        this.named[name] = {}; // placeholder: recursive types refer to themselves
        this.named[name] = this.shape(type, depth);
      }
      return { $ref: `#/components/schemas/${name}` };
    }
    return this.shape(type, depth);
  }

  /** The name of a project's own, non-generic interface or type alias (not a library's). */
  private componentName(type: ts.Type): string | undefined {
    let symbol: ts.Symbol | undefined;
    if (type.aliasSymbol && !type.aliasTypeArguments?.length) symbol = type.aliasSymbol;
    else if (type.flags & ts.TypeFlags.Object) {
      const objectFlags = (type as ts.ObjectType).objectFlags;
      const generic = objectFlags & ts.ObjectFlags.Reference && this.checker.getTypeArguments(type as ts.TypeReference).length > 0;
      if (objectFlags & (ts.ObjectFlags.Interface | ts.ObjectFlags.Class) && !generic) symbol = type.symbol;
    }
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
    if (!symbol || !file || !this.isProjectFile(file)) return undefined;
    const seen = this.origins.get(symbol.name);
    if (seen && seen !== symbol) {
      throw new Error(`Two response types are named ${symbol.name} (${file} and ${seen.declarations?.[0]?.getSourceFile().fileName}): rename one.`);
    }
    this.origins.set(symbol.name, symbol);
    return symbol.name;
  }

  private isProjectFile(file: string): boolean {
    const relative = path.relative(this.root, file);
    return !relative.startsWith('..') && !relative.split(path.sep).includes('node_modules');
  }

  private shape(type: ts.Type, depth: number): JsonSchema {
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) return {};
    if (f & ts.TypeFlags.Union) return this.union((type as ts.UnionType).types, depth);
    if (f & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (f & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (f & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', enum: [this.checker.typeToString(type) === 'true'] };
    if (f & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.BigInt)) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return { type: 'number' };
    if (f & ts.TypeFlags.Boolean) return { type: 'boolean' };
    // OpenAPI 3.0 has no null type: a value that is always null is a nullable enum of null.
    if (f & ts.TypeFlags.Null) return { nullable: true, enum: [null] };
    if (f & ts.TypeFlags.Intersection) {
      // A branded primitive (`string & {}`, "any other string") is that primitive in JSON.
      const primitive = (type as ts.IntersectionType).types.find((t) => t.flags & (ts.TypeFlags.String | ts.TypeFlags.Number | ts.TypeFlags.Boolean));
      if (primitive) return this.shape(primitive, depth);
    }
    if (f & (ts.TypeFlags.Object | ts.TypeFlags.Intersection | ts.TypeFlags.NonPrimitive)) return this.object(type, depth);
    throw new Error(`No JSON Schema for the type ${this.checker.typeToString(type)}`);
  }

  private union(members: ts.Type[], depth: number): JsonSchema {
    const nullable = members.some((t) => t.flags & ts.TypeFlags.Null);
    let rest = members.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const literals = (flag: ts.TypeFlags) => rest.length > 0 && rest.every((t) => t.flags & flag);
    const withNull = (schema: JsonSchema): JsonSchema => (nullable ? { ...schema, nullable: true } : schema);
    if (literals(ts.TypeFlags.StringLiteral)) {
      const values: unknown[] = rest.map((t) => (t as ts.StringLiteralType).value);
      return withNull({ type: 'string', enum: nullable ? [...values, null] : values });
    }
    if (literals(ts.TypeFlags.NumberLiteral)) {
      const values: unknown[] = rest.map((t) => (t as ts.NumberLiteralType).value);
      return withNull({ type: 'number', enum: nullable ? [...values, null] : values });
    }
    // `boolean` is the union `true | false`.
    const booleans = rest.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
    if (booleans.length === 2) rest = [...rest.filter((t) => !(t.flags & ts.TypeFlags.BooleanLiteral)), booleans[0]];
    const schemas = rest.map((t) => (booleans.length === 2 && t === booleans[0] ? { type: 'boolean' } : this.toSchema(t, depth + 1)));
    if (schemas.length === 0) return { nullable: true, enum: [null] };
    if (schemas.length === 1 && !schemas[0].$ref) return withNull(schemas[0]);
    return withNull({ anyOf: schemas });
  }

  private object(type: ts.Type, depth: number): JsonSchema {
    const checker = this.checker;
    const symbolName = type.getSymbol()?.getName();
    // As JSON.stringify writes them: dates as ISO strings.
    if (symbolName === 'Date') return { type: 'string', format: 'date-time' };
    if (checker.isTupleType(type)) {
      const items = checker.getTypeArguments(type as ts.TypeReference).map((t) => this.toSchema(t, depth + 1));
      return { type: 'array', items: items.length === 1 ? items[0] : { anyOf: items }, minItems: items.length, maxItems: items.length };
    }
    if (checker.isArrayType(type)) {
      return { type: 'array', items: this.toSchema(checker.getTypeArguments(type as ts.TypeReference)[0], depth + 1) };
    }
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = declaration ? checker.getTypeOfSymbolAtLocation(property, declaration) : checker.getTypeOfSymbol(property);
      // JSON.stringify leaves out functions (methods) and undefined values.
      if (propertyType.getCallSignatures().length > 0 || propertyType.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Never)) continue;
      const schema = this.toSchema(propertyType, depth + 1);
      const description = ts.displayPartsToString(property.getDocumentationComment(checker)).trim();
      properties[property.name] = description && !schema.$ref ? { ...schema, description } : schema;
      const mayBeMissing =
        property.flags & ts.SymbolFlags.Optional ||
        (propertyType.flags & ts.TypeFlags.Union && (propertyType as ts.UnionType).types.some((t) => t.flags & ts.TypeFlags.Undefined));
      if (!mayBeMissing) required.push(property.name);
    }
    const index = checker.getIndexInfosOfType(type)[0];
    const schema: JsonSchema = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    if (index) schema.additionalProperties = this.toSchema(index.type, depth + 1);
    if (Object.keys(properties).length === 0) delete schema.properties;
    return schema;
  }
}
