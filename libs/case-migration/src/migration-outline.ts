import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/core';
import { SopRegistry, type CompiledSop } from '@app/sop-registry';
import { CaseMigrationErrorCode } from './case-migration.errors';
import { CaseMigrationsRepository } from './case-migrations.repository';

/** One side of a migration as the plan's editor shows it: its steps and forms, labelled in the reader's language. */
export interface OutlineSide {
  version: number;
  versionId: number;
  steps: Array<{ id: string; label: string }>;
  /** The deadline definitions, to name a deadline whose due date a move changes. */
  deadlines: Array<{ id: string; label: string }>;
  /** Each form with its JSON Schema as the form renderer gets it (titles and option labels in the locale). */
  forms: Array<{ id: string; version: number; title: string; schema: Record<string, unknown> }>;
}

export interface MigrationRunSummary {
  id: string;
  status: 'running' | 'finished' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  total: number;
  moved: number;
  cannotMove: number;
  error: string | null;
}

/** What an administrator needs to write a plan between two versions, and the runs already made between them. */
export interface MigrationOutline {
  from: OutlineSide & { openCases: number; closedCases: number };
  to: OutlineSide;
  runs: MigrationRunSummary[];
}

const pickLabel = (label: unknown, locale: string): string => {
  if (typeof label === 'string') return label;
  const l = (label ?? {}) as Record<string, string>;
  return l[locale] ?? l.en ?? Object.values(l)[0] ?? '';
};

/** The plan editor's view of two published versions (docs/case-migration.md): no plan needed, nothing written. */
@Injectable()
export class MigrationOutlines {
  constructor(
    private readonly registry: SopRegistry,
    private readonly runs: CaseMigrationsRepository,
  ) {}

  async outline(fromVersion: number, toVersion: number, locale: string): Promise<MigrationOutline> {
    const versions = await this.registry.listVersions();
    const side = async (version: number, path: string) => {
      const row = versions.find((v) => v.version === version);
      if (!row) {
        throw new DomainError(CaseMigrationErrorCode.PlanInvalid, `${path}: version ${version} is not published`, {
          errors: [{ path, message: `version ${version} of the pack is not published` }],
        });
      }
      return this.registry.get(row.id);
    };
    const [from, to] = [await side(fromVersion, '/fromVersion'), await side(toVersion, '/toVersion')];
    const [counts, runs] = await Promise.all([this.runs.caseCounts(from.versionId), this.runs.between(from.versionId, to.versionId)]);
    return {
      from: { ...outlineSide(from, locale), openCases: counts.open, closedCases: counts.closed },
      to: outlineSide(to, locale),
      runs: runs.map((r) => ({
        id: r.id,
        status: r.status,
        startedAt: r.startedAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
        total: r.total,
        moved: r.moved,
        cannotMove: r.cannotMove,
        error: r.error,
      })),
    };
  }
}

function outlineSide(sop: CompiledSop, locale: string): OutlineSide {
  return {
    version: sop.version,
    versionId: sop.versionId,
    steps: sop.pack.workflow.steps.map((s) => ({ id: s.id, label: pickLabel(s.label, locale) || s.id })),
    deadlines: sop.pack.deadlines.map((d) => ({ id: d.id, label: pickLabel(d.label, locale) || d.id })),
    forms: sop.pack.forms.map((f) => ({
      id: f.id,
      version: f.version,
      title: pickLabel(f.title, locale) || f.id,
      schema: sop.forms.jsonSchema(f.id, locale) ?? {},
    })),
  };
}
