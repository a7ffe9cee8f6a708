import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService, type AuditEntry } from '@app/audit';
import { CaseEventHooks, PluginCaseGateway, type CaseEventContext } from '@app/cases';
import { Clock } from '@app/core';
import type { PluginEventContext, PluginHookCase } from '@app/plugin-sdk';
import { PluginCatalogue } from './plugin-catalogue';
import { pluginAudit, pluginLocations } from './plugin-context';
import { pluginDb } from './plugin-db';
import { asPlatformErrors } from './plugin-errors';

/**
 * Runs the hooks of the plugins a case's SOP version enables, after each case event, in the case's
 * transaction: a failing hook undoes the change that triggered it.
 */
@Injectable()
export class PluginHooks implements OnModuleInit {
  constructor(
    @Inject(PluginCatalogue) private readonly catalogue: PluginCatalogue,
    private readonly hooks: CaseEventHooks,
    private readonly gateway: PluginCaseGateway,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.hooks.on('*', (event) => this.dispatch(event));
  }

  async dispatch(event: CaseEventContext): Promise<void> {
    let hookCase: PluginHookCase | null = null;
    let before: PluginHookCase | undefined;
    for (const enabled of event.sop.pack.plugins) {
      const def = this.catalogue.get(enabled.id);
      const hooks = (def?.hooks ?? []).filter((h) => h.event === event.type || h.event === '*');
      if (!def || hooks.length === 0) continue;
      hookCase ??= await this.gateway.hookCase(event.caseId, event.em, event.row);
      if (event.rowBefore) before ??= await this.gateway.hookCase(event.caseId, event.em, event.rowBefore);
      const entries: AuditEntry[] = [];
      const ctx: PluginEventContext<any> = {
        plugin: { id: def.id, version: def.version },
        settings: structuredClone(enabled.settings),
        now: this.clock.now(),
        db: pluginDb(def.id, event.em),
        audit: pluginAudit(def.id, null, event.actorId, entries),
        locations: pluginLocations(event.sop.pack),
        event: { type: event.type, caseId: event.caseId, actorId: event.actorId, at: event.at, data: event.data },
        case: structuredClone(hookCase),
        ...(before ? { before: structuredClone(before) } : {}),
      };
      // A hook may refuse the change (409 from a plugin rule): the case's transaction is undone.
      for (const hook of hooks) await asPlatformErrors(() => hook.run(ctx));
      if (event.auditInto) event.auditInto.push(...entries);
      else if (entries.length) await this.audit.recordMany(entries, event.em);
    }
  }
}
