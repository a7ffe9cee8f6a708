import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CaseFactSources, type CaseFactRequest } from '@app/cases';
import { PluginError, type PluginFactContext } from '@app/plugin-sdk';
import { referencedFacts } from '@app/sop';
import type { CaseFacts, RuleFactValue } from '@app/workflow';
import { PluginCatalogue } from './plugin-catalogue';
import { pluginLocations } from './plugin-context';
import { pluginDb } from './plugin-db';
import { asPlatformErrors, toDomainError } from './plugin-errors';

const isFactValue = (v: unknown): v is RuleFactValue =>
  v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/**
 * Loads the plugin facts a case's SOP version's rules name (`plugin_fact`), each by its plugin's
 * loader, as the plugin's database role. A pack whose rules name no fact costs nothing; a fact
 * of a plugin the pack does not enable is never loaded (the validator refuses such a rule).
 */
@Injectable()
export class PluginFacts implements OnModuleInit {
  constructor(
    @Inject(PluginCatalogue) private readonly catalogue: PluginCatalogue,
    private readonly sources: CaseFactSources,
    private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    this.sources.provide((request) => this.load(request));
  }

  async load(request: CaseFactRequest): Promise<CaseFacts> {
    const wanted = referencedFacts(request.sop.pack, request.for === 'deadlines' ? 'deadline' : undefined);
    if (wanted.size === 0) return {};
    // The plugin's role is set for the statement's transaction only (SET LOCAL): outside one, open one.
    const em = request.em;
    if (em?.queryRunner?.isTransactionActive) return this.loadIn(em, request, wanted);
    return this.ds.transaction((tx) => this.loadIn(tx, request, wanted));
  }

  private async loadIn(em: EntityManager, request: CaseFactRequest, wanted: ReadonlyMap<string, ReadonlySet<string>>): Promise<CaseFacts> {
    const facts: CaseFacts = {};
    for (const enabled of request.sop.pack.plugins) {
      const def = this.catalogue.get(enabled.id);
      const names = wanted.get(enabled.id);
      if (!def?.facts || !names) continue;
      const ctx: PluginFactContext<any> = {
        plugin: { id: def.id, version: def.version },
        settings: structuredClone(enabled.settings),
        now: request.now,
        db: pluginDb(def.id, em),
        locations: pluginLocations(request.sop.pack),
        caseId: request.caseId,
      };
      const values: Record<string, RuleFactValue> = {};
      for (const name of names) {
        const fact = def.facts[name];
        if (!fact) continue;
        const value = await asPlatformErrors(() => fact.load(ctx));
        if (!isFactValue(value)) {
          throw toDomainError(new PluginError('plugin_bad_fact', 500, `Plugin ${def.id}: fact "${name}" must be true/false, a number, a text or null.`));
        }
        values[name] = value;
      }
      facts[def.id] = values;
    }
    return facts;
  }
}
