import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CompiledSop } from '@app/sop-registry';
import type { CaseFacts } from '@app/workflow';

/** What a fact source is asked: the facts the case's SOP version's rules name, for one case. */
export interface CaseFactRequest {
  caseId: string;
  sop: CompiledSop;
  now: Date;
  /** The caller's transaction; absent on a read outside one (the source then opens its own). */
  em?: EntityManager;
  /** Only the facts deadline rules name (a change's deadline sync); default: every fact the rules name. */
  for?: 'deadlines';
}

export type CaseFactSource = (request: CaseFactRequest) => Promise<CaseFacts>;

/**
 * Extension point: the plugin host provides the facts plugins state about a case, which rules read
 * with `plugin_fact` (docs/rules.md). Without a source (no plugin host), there are none.
 */
@Injectable()
export class CaseFactSources {
  private readonly sources: CaseFactSource[] = [];

  provide(source: CaseFactSource): () => void {
    this.sources.push(source);
    return () => {
      const i = this.sources.indexOf(source);
      if (i >= 0) this.sources.splice(i, 1);
    };
  }

  async load(request: CaseFactRequest): Promise<CaseFacts> {
    const facts: CaseFacts = {};
    for (const source of this.sources) {
      for (const [plugin, values] of Object.entries(await source(request))) facts[plugin] = { ...facts[plugin], ...values };
    }
    return facts;
  }
}
