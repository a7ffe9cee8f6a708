import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseFormsService, CaseRegistrationService, CaseWorkflowService } from '@app/cases';
import { Clock, DAY_MS, zonedDay } from '@app/core';
import { CurrentUser, toCurrentUser, UsersRepository } from '@app/identity';
import type { DemoAnswerValue, DemoCaseDef, SopPack } from '@app/pack-types';
import type { CompiledSop } from '@app/sop-registry';

export interface DemoCasesResult {
  registered: number;
  /** What the engine refused, each naming demo-cases.json and the JSON path of the case or step. */
  failed: Array<{ path: string; message: string }>;
}

/**
 * The demo cases a pack declares in demo-cases.json, registered, moved and filled through the same
 * services as real users (so they carry real numbers, events, deadlines and audit entries). Only in
 * demo mode. Idempotent: nothing is registered once the pack has any case, so restarts add nothing.
 */
@Injectable()
export class DemoCasesSeeder {
  constructor(
    private readonly ds: DataSource,
    private readonly users: UsersRepository,
    private readonly registration: CaseRegistrationService,
    private readonly forms: CaseFormsService,
    private readonly workflow: CaseWorkflowService,
    private readonly clock: Clock,
  ) {}

  async seed(sop: CompiledSop): Promise<DemoCasesResult> {
    const result: DemoCasesResult = { registered: 0, failed: [] };
    const cases = sop.pack.demoCases ?? [];
    if (cases.length === 0 || (await this.packHasCases(sop.packId))) return result;
    for (const [i, c] of cases.entries()) {
      const base = `$.cases[${i}]`;
      // One refused case does not stop the others: the demo stays usable, and the log says which and why.
      const failure = await this.one(sop.pack, c, base).then(
        () => null,
        (e: any) => e as { path?: string; message?: string },
      );
      if (failure) result.failed.push({ path: `demo-cases.json ${failure.path ?? base}`, message: describe(failure) });
      else result.registered++;
    }
    return result;
  }

  private async one(pack: SopPack, c: DemoCaseDef, base: string): Promise<void> {
    const registrar = await this.user(c.by, `${base}.by`);
    const { caseId } = await at(base, () => this.registration.register(registrar, { caseType: c.caseType, answers: this.answers(pack, c.answers) }));
    let version = 1;
    for (const [j, s] of (c.then ?? []).entries()) {
      const path = `${base}.then[${j}]`;
      const actor = s.by ? await this.user(s.by, `${path}.by`) : registrar;
      if ('transition' in s) {
        const out = await at(path, () =>
          this.workflow.perform(actor, { caseId, transitionId: s.transition, expectedVersion: version, comment: s.comment, locale: actor.locale }),
        );
        if (out.outcome !== 'moved')
          throw Object.assign(new Error(`transition "${s.transition}" was ${out.outcome.replace('_', ' ')}, not performed`), { path });
        version = out.version;
      } else {
        const repeatable = pack.workflow.steps.some((st) => st.forms?.some((f) => f.form === s.form && f.use === 'repeatable'));
        const out = await at(path, () =>
          this.forms.fill(actor, {
            caseId,
            formId: s.form,
            status: s.status ?? 'complete',
            expectedVersion: version,
            answers: this.answers(pack, s.answers),
            ...(repeatable ? { entry: 'new' } : {}),
          }),
        );
        version = out.version;
      }
    }
  }

  /** `{ "$daysAgo": n }` → the day n days before now in the pack's time zone (YYYY-MM-DD). */
  private answers(pack: SopPack, given: Record<string, DemoAnswerValue>): Record<string, unknown> {
    const now = this.clock.now().getTime();
    const tz = pack.manifest.timezone ?? 'UTC';
    return Object.fromEntries(
      Object.entries(given).map(([k, v]) => [
        k,
        v && typeof v === 'object' && !Array.isArray(v) && '$daysAgo' in v ? zonedDay(new Date(now - v.$daysAgo * DAY_MS), tz).day : v,
      ]),
    );
  }

  private async user(username: string, path: string): Promise<CurrentUser> {
    const row = await this.users.findByUsernameWithHash(username);
    if (!row) throw Object.assign(new Error(`demo user "${username}" does not exist (seed demo-users.json first)`), { path });
    return toCurrentUser(row);
  }

  /** Whether any case runs on a version of this pack (demo cases were seeded, or real work began). */
  private async packHasCases(packId: string): Promise<boolean> {
    const [{ found }] = await this.ds.query(
      `SELECT EXISTS (SELECT 1 FROM cases c JOIN sop_versions v ON v.id = c.sop_version_id WHERE v.pack_id = $1) AS found`,
      [packId],
    );
    return found;
  }
}

/** Runs one engine call, tagging what it throws with the JSON path of the demo case or step. */
async function at<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e: any) {
    throw Object.assign(e instanceof Error ? e : new Error(String(e)), { path: e?.path ?? path });
  }
}

/** A refusal's message with the field errors the engine gave (validation, data quality). */
function describe(e: { message?: string; extra?: { errors?: Array<{ path?: string; message?: string }> } } & Record<string, any>): string {
  const errors = e.extra?.errors ?? [];
  return [e.message ?? String(e), ...errors.map((x) => `${x.path ?? ''} ${x.message ?? ''}`.trim())].join('; ');
}
