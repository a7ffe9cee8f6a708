import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import type { FieldError } from '@app/core';
import type { FormDef, OptionDef, SopPack } from '@app/pack-types';
import { createDefaultFieldTypes, FieldTypeRegistry } from './field-types';
import { linearPatternProblem, linearRegExp } from './linear-regexp';
import { LOCATION_LEVELS_KEYWORD, resolveOptionList, type OptionSources } from './location-options';
import { deepClone, fieldPathsOf, fieldSchemaOf, isObjectSchema, walkSchema } from './schema-walk';
import { questionsNotAsked } from './form-conditions';

export type ValidationMode = 'draft' | 'complete';

export interface FormCatalogueOptions {
  /** Field types/formats (default: the built-ins; plugins register more). */
  fieldTypes?: FieldTypeRegistry;
}

/** A problem compiling a form (unknown option list, unknown keyword or format, bad $ref...). */
export interface FormProblem {
  formId: string;
  version: number;
  /** JSON pointer inside the form's `schema` (e.g. `/properties/risk`), '' for the whole schema. */
  pointer: string;
  message: string;
}

export class FormCompileError extends Error {
  constructor(readonly problems: FormProblem[]) {
    super(`Forms do not compile:\n${problems.map((p) => `${p.formId} v${p.version} ${p.pointer || '/'}: ${p.message}`).join('\n')}`);
    this.name = 'FormCompileError';
  }
}

type PackForms = Pick<SopPack, 'forms' | 'optionLists'> & { manifest?: Pick<SopPack['manifest'], 'defaultLocale'>; locations?: SopPack['locations'] };

/** A node whose enum comes from an option list: where, which list, and its options (the built-in list of places may be cut to some levels). */
interface OptionNode {
  pointer: string;
  listId: string;
  options: OptionDef[];
}

interface CompiledForm {
  def: FormDef;
  /** Resolved schema (option lists expanded, objects closed), keeping x- annotations. */
  resolved: Record<string, any>;
  /** Nodes whose enum comes from an option list. */
  optionNodes: OptionNode[];
  complete: ValidateFunction;
  draft: ValidateFunction;
  clientSchemas: Map<string, Record<string, any>>;
}

const ANNOTATIONS = ['x-optionList', LOCATION_LEVELS_KEYWORD, 'x-sensitive', 'x-label', 'x-help', 'x-enumLabels'];

function newAjv(fieldTypes: FieldTypeRegistry): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strictSchema: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    validateFormats: true,
    // Answers are matched in linear time (see linear-regexp.ts); never with backtracking RegExp.
    code: { regExp: linearRegExp },
  });
  fieldTypes.addToAjv(ajv as any);
  return ajv;
}

/** Reports every `pattern` and `patternProperties` key that RE2 cannot match (backreferences, lookaround...). */
function checkPatterns(schema: Record<string, any>, onProblem: (pointer: string, message: string) => void): void {
  walkSchema(schema, (node, ctx) => {
    if (typeof node.pattern === 'string') {
      const problem = linearPatternProblem(node.pattern);
      if (problem) onProblem(`${ctx.pointer}/pattern`, problem);
    }
    if (node.patternProperties && typeof node.patternProperties === 'object') {
      for (const key of Object.keys(node.patternProperties)) {
        const problem = linearPatternProblem(key);
        if (problem) onProblem(`${ctx.pointer}/patternProperties/${escapePointer(key)}`, problem);
      }
    }
  });
}

/** Removes every `x-*` annotation (the validation copy; strict mode then still catches typos in real keywords). */
function stripAnnotations(schema: Record<string, any>): Record<string, any> {
  const copy = deepClone(schema);
  walkSchema(copy, (node) => {
    for (const k of Object.keys(node)) if (k.startsWith('x-')) delete node[k];
  });
  return copy;
}

/** The draft copy: nothing required, except inside an `if`, where `required` is a test (a condition on an answer), not a demand. */
function stripRequired(schema: Record<string, any>): Record<string, any> {
  const copy = deepClone(schema);
  walkSchema(copy, (node, ctx) => {
    if (ctx.combinator && /\/if$/.test(ctx.pointer)) return;
    if (Array.isArray(node.required)) delete node.required;
    delete node.dependentRequired;
  });
  return copy;
}

function nodeAt(schema: Record<string, any>, pointer: string): Record<string, any> | undefined {
  let node: any = schema;
  for (const raw of pointer.split('/').slice(1)) {
    node = node?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/**
 * Resolves a form schema: `x-optionList` → `enum` of the list's values (on the property, or its
 * items for arrays; the pack's lists or the built-in list of its places); every object closed (`additionalProperties: false`, or `unevaluatedProperties:
 * false` when the object uses combinators, so fields declared in allOf/if-then still count).
 */
export function resolveFormSchema(
  schema: Record<string, any>,
  sources: OptionSources,
  onProblem: (pointer: string, message: string) => void = () => undefined,
): { resolved: Record<string, any>; optionNodes: OptionNode[] } {
  const resolved = deepClone(schema);
  const optionNodes: OptionNode[] = [];
  walkSchema(resolved, (node, ctx) => {
    const listId = node['x-optionList'];
    if (listId !== undefined) {
      const { options, problem } = resolveOptionList(node, sources);
      if (problem !== undefined) onProblem(ctx.pointer, problem);
      else {
        const isArray = node.type === 'array';
        if (isArray && (typeof node.items !== 'object' || node.items === null)) node.items = { type: 'string' };
        const target = isArray ? node.items : node;
        if (target.type === undefined) target.type = 'string';
        target.enum = options.map((o) => o.value);
        optionNodes.push({ pointer: isArray ? `${ctx.pointer}/items` : ctx.pointer, listId: String(listId), options });
      }
    } else if (node[LOCATION_LEVELS_KEYWORD] !== undefined) {
      onProblem(ctx.pointer, `${LOCATION_LEVELS_KEYWORD} needs "x-optionList": "locations"`);
    }
    if (!ctx.combinator && isObjectSchema(node)) {
      const usesCombinators = ['allOf', 'anyOf', 'oneOf', 'if', 'dependentSchemas', '$ref'].some((k) => k in node);
      if (usesCombinators) {
        if (node.unevaluatedProperties === undefined && (node.additionalProperties === undefined || node.additionalProperties === true)) {
          delete node.additionalProperties;
          node.unevaluatedProperties = false;
        }
      } else if (node.additionalProperties === undefined || node.additionalProperties === true) {
        node.additionalProperties = false;
      }
    }
  });
  return { resolved, optionNodes };
}

const NOT_ASKED = 'is not asked with these answers: leave it empty';

/** An enum error lists the allowed values up to this many. */
const MAX_LISTED_OPTIONS = 20;

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a group of fields',
  null: 'empty',
};

/**
 * The forms of one pack version, compiled once. Validates answers in `draft` mode (types, formats,
 * unknown fields) or `complete` mode (also `required`), and serves resolved schemas to clients.
 */
export class FormCatalogue {
  private readonly forms = new Map<string, CompiledForm>();
  private readonly fieldTypes: FieldTypeRegistry;
  private readonly defaultLocale: string;
  /** Problems found while compiling (the constructor throws FormCompileError if any). */
  readonly problems: FormProblem[] = [];

  constructor(pack: PackForms, options: FormCatalogueOptions & { collectProblems?: boolean } = {}) {
    this.fieldTypes = options.fieldTypes ?? createDefaultFieldTypes();
    this.defaultLocale = pack.manifest?.defaultLocale ?? 'en';
    const ajv = newAjv(this.fieldTypes);
    const sources: OptionSources = { optionLists: pack.optionLists ?? {}, locations: pack.locations };
    for (const def of pack.forms) {
      const problem = (pointer: string, message: string) => this.problems.push({ formId: def.id, version: def.version, pointer, message });
      const before = this.problems.length;
      const { resolved, optionNodes } = resolveFormSchema(def.schema ?? {}, sources, problem);
      checkPatterns(resolved, problem);
      if (this.problems.length > before) continue;
      try {
        const validation = stripAnnotations(resolved);
        const complete = ajv.compile(validation);
        const draft = ajv.compile(stripRequired(validation));
        this.forms.set(def.id, { def, resolved, optionNodes, complete, draft, clientSchemas: new Map() });
      } catch (e: any) {
        problem('', `the form's JSON Schema does not compile: ${String(e?.message ?? e).replace(/^strict mode: /, '')}`);
      }
    }
    if (this.problems.length > 0 && !options.collectProblems) throw new FormCompileError(this.problems);
  }

  /** Compiles the pack's forms and returns the problems instead of throwing. */
  static check(pack: PackForms, options: FormCatalogueOptions = {}): FormProblem[] {
    return new FormCatalogue(pack, { ...options, collectProblems: true }).problems;
  }

  has(formId: string): boolean {
    return this.forms.has(formId);
  }

  ids(): string[] {
    return [...this.forms.keys()];
  }

  form(formId: string): FormDef | undefined {
    return this.forms.get(formId)?.def;
  }

  /**
   * Validates answers. `complete` enforces `required`; `draft` checks only what is present.
   * Paths are JSON pointers to the field (`/date_of_birth`; a missing field's own path).
   */
  validate(formId: string, answers: unknown, mode: ValidationMode): FieldError[] {
    const form = this.forms.get(formId);
    if (!form) return [{ path: '', message: `unknown form "${formId}"`, keyword: 'unknown_form' }];
    const fn = mode === 'complete' ? form.complete : form.draft;
    if (fn(answers)) return [];
    return this.toFieldErrors(fn.errors ?? []);
  }

  /**
   * The resolved schema for clients: option fields (`x-optionList`, or `enum` with `x-enumLabels`) carry `oneOf` [{const, title}] with labels in
   * the locale (falling back to the pack's default locale, then English, then the value), and
   * fields with `x-label` (`x-help`) get their `title` (`description`) in the locale: the plain
   * JSON Schema `title` is the pack author's fallback, not a translation, so it never hides one.
   * Undefined for an unknown form.
   */
  jsonSchema(formId: string, locale?: string): Record<string, any> | undefined {
    const form = this.forms.get(formId);
    if (!form) return undefined;
    const key = locale ?? this.defaultLocale;
    const cached = form.clientSchemas.get(key);
    if (cached) return cached;
    const schema = deepClone(form.resolved);
    const pick = (t: unknown, fallback: string): string => {
      if (typeof t === 'string') return t;
      if (t && typeof t === 'object') {
        const tr = t as Record<string, string>;
        return tr[key] ?? tr[this.defaultLocale] ?? tr.en ?? Object.values(tr)[0] ?? fallback;
      }
      return fallback;
    };
    for (const { pointer, options } of form.optionNodes) {
      const node = nodeAt(schema, pointer);
      if (!node) continue;
      node.oneOf = options.map((o) => ({ const: o.value, title: pick(o.label, o.value) }));
      delete node.enum;
    }
    walkSchema(schema, (node) => {
      // A form's own options (a plugin's fixed list) labelled by `x-enumLabels`: { value: { en, fr } }.
      const enumLabels = node['x-enumLabels'];
      if (enumLabels && typeof enumLabels === 'object' && Array.isArray(node.enum)) {
        node.oneOf = node.enum.map((v: unknown) => ({ const: v, title: pick(enumLabels[String(v)], String(v)) }));
        delete node.enum;
        delete node['x-enumLabels'];
      }
      if (node['x-label'] !== undefined) node.title = pick(node['x-label'], node.title ?? '');
      if (node['x-help'] !== undefined) node.description = pick(node['x-help'], node.description ?? '');
    });
    if (form.def.title !== undefined) schema.title = pick(form.def.title, schema.title ?? formId);
    else if (schema.title === undefined) schema.title = formId;
    form.clientSchemas.set(key, schema);
    return schema;
  }

  /** The questions not asked with these answers (conditions of form-conditions.ts); [] for an unknown form. */
  questionsNotAsked(formId: string, answers: Record<string, unknown>): string[] {
    const form = this.forms.get(formId);
    return form ? questionsNotAsked(form.resolved, answers) : [];
  }

  /** Top-level field names and nested dotted paths (`address.district`). */
  fieldPaths(formId: string): string[] {
    const form = this.forms.get(formId);
    return form ? fieldPathsOf(form.resolved) : [];
  }

  /** The resolved schema of one field (dotted path), or undefined. */
  fieldSchema(formId: string, field: string): Record<string, any> | undefined {
    const form = this.forms.get(formId);
    return form ? fieldSchemaOf(form.resolved, field) : undefined;
  }

  /** True if the field is a date or date-time (format registered with `isDate`). */
  isDateField(formId: string, field: string): boolean {
    return this.fieldTypes.isDate(this.fieldSchema(formId, field)?.format);
  }

  /** True if the field is marked `x-sensitive`. */
  isSensitiveField(formId: string, field: string): boolean {
    return this.fieldSchema(formId, field)?.['x-sensitive'] === true;
  }

  private toFieldErrors(errors: ErrorObject[]): FieldError[] {
    const out: FieldError[] = [];
    const seen = new Set<string>();
    for (const e of errors) {
      if (e.keyword === 'if') continue;
      const p: any = e.params;
      let path = e.instancePath;
      let message: string;
      switch (e.keyword) {
        case 'required':
          path += '/' + escapePointer(p.missingProperty);
          message = 'is required';
          break;
        case 'additionalProperties':
          path += '/' + escapePointer(p.additionalProperty);
          message = 'unknown field';
          break;
        case 'unevaluatedProperties':
          path += '/' + escapePointer(p.unevaluatedProperty);
          message = 'unknown field';
          break;
        case 'enum': {
          // A long list (a country's places) would bury the message: past a screenful, say what it is.
          const allowed = p.allowedValues as unknown[];
          message = allowed.length <= MAX_LISTED_OPTIONS ? `must be one of: ${allowed.map((v) => String(v)).join(', ')}` : 'must be one of the options offered';
          break;
        }
        case 'const':
          message = `must be ${String(p.allowedValue)}`;
          break;
        case 'false schema':
          // A question asked only when another answer is given (form-conditions.ts) answered without it.
          message = NOT_ASKED;
          break;
        case 'type': {
          const types = (Array.isArray(p.type) ? p.type : String(p.type).split(',')) as string[];
          message = `must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}`;
          break;
        }
        case 'format':
          message = this.fieldTypes.get(p.format)?.message ?? `must be a valid ${p.format}`;
          break;
        case 'minLength':
          message = p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters`;
          break;
        case 'maxLength':
          message = `must be at most ${p.limit} characters`;
          break;
        case 'minItems':
          message = `must have at least ${p.limit} ${p.limit === 1 ? 'entry' : 'entries'}`;
          break;
        case 'maxItems':
          message = `must have at most ${p.limit} ${p.limit === 1 ? 'entry' : 'entries'}`;
          break;
        case 'minimum':
        case 'maximum':
        case 'exclusiveMinimum':
        case 'exclusiveMaximum':
          message = `must be ${p.comparison} ${p.limit}`;
          break;
        default:
          message = e.message ?? `fails the "${e.keyword}" check`;
      }
      const key = `${path}\u0000${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ path, message, keyword: message === NOT_ASKED ? 'not_asked' : e.keyword });
    }
    return out;
  }
}

function escapePointer(k: string): string {
  return String(k).replace(/~/g, '~0').replace(/\//g, '~1');
}

export { ANNOTATIONS as FORM_ANNOTATIONS };
