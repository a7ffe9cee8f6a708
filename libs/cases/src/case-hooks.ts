import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CompiledSop } from '@app/sop-registry';
import type { AuditEntry } from '@app/audit';
import type { CaseEntity } from '@app/database';

/** A case event as hooks receive it, after it was appended to the timeline (same transaction). */
export interface CaseEventContext {
  caseId: string;
  type: string;
  actorId: string | null;
  at: Date;
  data: Record<string, unknown>;
  sop: CompiledSop;
  /** The transaction the change runs in: a hook's writes commit or roll back with it. */
  em: EntityManager;
  /**
   * Where a hook puts its audit entries when the caller writes the audit last (the case writer):
   * appending mid-transaction would hold the audit chain lock while other rows are still locked.
   */
  auditInto?: AuditEntry[];
  /** The case's row as this transaction left it, when the caller holds it (hooks need not read it again). */
  row?: CaseEntity;
  /** The case's row before this transaction's change, when the caller holds it (plugins' `before`). */
  rowBefore?: CaseEntity;
}

export type CaseEventHook = (event: CaseEventContext) => Promise<void> | void;

/**
 * Extension point: plugins (and later the notification outbox, audit, search index) subscribe to case
 * events by type or to every event with `*`. Hooks run inside the case's transaction.
 */
@Injectable()
export class CaseEventHooks {
  private readonly hooks = new Map<string, CaseEventHook[]>();

  on(type: string, hook: CaseEventHook): () => void {
    const list = this.hooks.get(type) ?? [];
    list.push(hook);
    this.hooks.set(type, list);
    return () =>
      this.hooks.set(
        type,
        (this.hooks.get(type) ?? []).filter((h) => h !== hook),
      );
  }

  async dispatch(event: CaseEventContext): Promise<void> {
    for (const hook of [...(this.hooks.get(event.type) ?? []), ...(this.hooks.get('*') ?? [])]) {
      await hook(event);
    }
  }
}
