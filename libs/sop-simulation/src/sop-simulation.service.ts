import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock, validateCommand } from '@app/core';
import type { PackFiles } from '@app/sop';
import { CompiledSop, PACK_EXTENSIONS, PackExtensions, SopRegistry } from '@app/sop-registry';
import { previewForm } from './role-view';
import { compileInMemory } from './simulated-sop';
import { simulateCase } from './simulate-case';
import type { FormPreview, SimulationCommand, SimulationResult } from './simulation.types';

const NAME = { type: 'string', minLength: 1, maxLength: 100 };
const ANSWERS = { type: 'object' };
const AT = { type: 'string', maxLength: 40 };

export const PREVIEW_FORM_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['form', 'role'],
  properties: { form: NAME, role: NAME, caseType: NAME, step: NAME },
};

export const SIMULATION_SCHEMA: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['caseType', 'role', 'answers'],
  properties: {
    caseType: NAME,
    role: NAME,
    answers: ANSWERS,
    startAt: AT,
    viewers: { type: 'array', items: NAME, maxItems: 50 },
    actions: {
      type: 'array',
      maxItems: 50,
      items: {
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'role', 'form', 'answers'],
            properties: { kind: { const: 'fill' }, role: NAME, form: NAME, answers: ANSWERS, at: AT },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'role', 'transition'],
            properties: { kind: { const: 'transition' }, role: NAME, transition: NAME, at: AT },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'role'],
            properties: { kind: { enum: ['approve', 'reject'] }, role: NAME, at: AT },
          },
        ],
      },
    },
  },
};

/** Which pack a preview or simulation runs on: a draft's files (compiled here, never stored) or a published version. */
export type SimulationSource = { kind: 'draft'; id: number; revision: number; files: PackFiles } | { kind: 'version'; id: number };

/** Compiled drafts kept (a screen simulates one revision again and again; compiling takes seconds). */
const KEPT_DRAFTS = 4;

/** Previews forms as roles and simulates synthetic cases on a draft or a published version; reads no case and writes nothing. */
@Injectable()
export class SopSimulationService {
  /** By draft id and revision: a revision's files never change. */
  private readonly drafts = new Map<string, CompiledSop>();

  constructor(
    private readonly registry: SopRegistry,
    private readonly clock: Clock,
    @Optional() @Inject(PACK_EXTENSIONS) private readonly extensions: PackExtensions | null = null,
  ) {}

  async previewForm(source: SimulationSource, body: unknown, locale: string): Promise<FormPreview> {
    const q = validateCommand<{ form: string; role: string; caseType?: string; step?: string }>(PREVIEW_FORM_SCHEMA, body);
    return previewForm(await this.compiled(source), q.form, q.role, { caseType: q.caseType, step: q.step, locale });
  }

  async simulate(source: SimulationSource, body: unknown, locale: string): Promise<SimulationResult> {
    const cmd = validateCommand<SimulationCommand>(SIMULATION_SCHEMA, body);
    return simulateCase(await this.compiled(source), cmd, this.clock.now(), locale, { kind: source.kind, id: source.id });
  }

  /** The pack a source names, compiled (drafts kept by revision). */
  async compiled(source: SimulationSource): Promise<CompiledSop> {
    if (source.kind === 'version') return this.registry.get(source.id);
    const key = `${source.id}:${source.revision}`;
    const kept = this.drafts.get(key);
    if (kept) return kept;
    // As publishing would store them: with what the installed plugins the draft enables add.
    const files = this.extensions ? this.extensions.attach(source.files) : source.files;
    const ids = (((files['pack.json'] as any)?.plugins ?? []) as Array<{ id?: unknown }>).map((p) => String(p?.id));
    const sop = compileInMemory(files, this.extensions?.validateOptions(ids) ?? {}, { versionId: 0, version: 0 });
    this.drafts.set(key, sop);
    if (this.drafts.size > KEPT_DRAFTS) this.drafts.delete(this.drafts.keys().next().value!);
    return sop;
  }
}
