import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, entryBy, type AuditEntry } from '@app/audit';
import { PluginCaseGateway } from '@app/cases';
import { Clock, DomainError, errorCodeInfo, registerErrorCodes, validateCommand } from '@app/core';
import { toDomainError } from './plugin-errors';
import type { CurrentUser } from '@app/identity';
import { PluginError, type PluginDefinition, type PluginRoute } from '@app/plugin-sdk';
import { SopRegistry } from '@app/sop-registry';
import { PluginCatalogue } from './plugin-catalogue';
import { routeContext } from './plugin-context';

registerErrorCodes({
  plugin_route_not_found: { status: 404, title: 'No such plugin route' },
  plugin_permission_denied: { status: 403, title: 'Not permitted' },
});

export interface PluginCall {
  method: string;
  pluginId: string;
  /** The path below `/api/plugins/<plugin id>`, starting with `/`. */
  path: string;
  query: Record<string, string | undefined>;
  body: unknown;
}

interface Matched {
  def: PluginDefinition<any>;
  route: PluginRoute<any>;
  params: Record<string, string>;
}

/**
 * Serves plugin routes: only those of plugins the active pack enables, after the route's declared
 * permission is checked, in one transaction with the call's audit entries (`<plugin>.<route>`).
 * Refusals are audited too.
 */
@Injectable()
export class PluginRoutesService {
  constructor(
    @Inject(PluginCatalogue) private readonly catalogue: PluginCatalogue,
    private readonly registry: SopRegistry,
    private readonly ds: DataSource,
    private readonly gateway: PluginCaseGateway,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async handle(user: CurrentUser, call: PluginCall): Promise<{ status: number; body: unknown }> {
    const sop = await this.registry.current();
    const enabled = sop.pack.plugins.find((p) => p.id === call.pluginId);
    const def = enabled ? this.catalogue.get(call.pluginId) : undefined;
    const matched = def ? match(def, call.method, call.path) : null;
    if (!enabled || !matched) {
      throw new DomainError('plugin_route_not_found', `There is no route ${call.method} /api/plugins/${call.pluginId}${call.path}.`);
    }
    const { route, params } = matched;
    const action = `${def!.id}.${route.id}`;
    const { subject, action: needed } = route.permission;
    const caseId = params.caseId ?? null;
    const refuse = async (code: 'plugin_permission_denied' | 'case_not_found') => {
      await this.audit.record(
        entryBy(user, {
          action,
          caseId: code === 'case_not_found' ? null : caseId,
          outcome: 'denied',
          details: { route: route.path, needs: `${needed} ${subject}` },
        }),
      );
      if (code === 'case_not_found') throw new DomainError('case_not_found', `Case ${caseId} does not exist or you may not see it.`);
      throw new DomainError(code, `You may not ${needed.replace(/_/g, ' ')} ${subject.replace(/_/g, ' ')} here.`);
    };
    if (caseId !== null) {
      const verdict = await this.gateway.checkOnCase(user, caseId, needed, subject);
      if (verdict === 'not_found') await refuse('case_not_found');
      if (verdict === 'denied') await refuse('plugin_permission_denied');
    } else if (!this.gateway.canSomewhere(user, sop, needed, subject)) {
      await refuse('plugin_permission_denied');
    }
    const body = route.body ? validateCommand(route.body, call.body ?? {}) : call.body;
    try {
      const result = await this.ds.transaction(async (em) => {
        const auditInto: AuditEntry[] = [];
        const ctx = routeContext({ def: def!, enabled, sop, user, em, now: this.clock.now(), auditInto, gateway: this.gateway });
        const out = await route.handler(ctx, { params, query: call.query, body });
        auditInto.push(entryBy(user, { action, caseId, details: { route: route.path, method: route.method } }));
        // Last in the transaction: the audit append holds the chain locks until commit.
        await this.audit.recordMany(auditInto, em);
        return out;
      });
      return { status: route.method === 'POST' ? 201 : 200, body: result ?? null };
    } catch (e) {
      const problem = e instanceof PluginError ? toDomainError(e) : e;
      // A refusal from inside the route (an incident of another agency, a role without training)
      // is audited too; the route's own entries went with the rolled-back transaction.
      if (problem instanceof DomainError && [403, 404].includes(errorCodeInfo(problem.code).status)) {
        await this.audit.record(
          entryBy(user, {
            action,
            caseId: problem.code === 'case_not_found' ? null : caseId,
            outcome: 'denied',
            details: { route: route.path, code: problem.code },
          }),
        );
      }
      throw problem;
    }
  }
}

function match(def: PluginDefinition<any>, method: string, path: string): Matched | null {
  const parts = path.split('/').filter(Boolean);
  for (const route of def.routes ?? []) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((seg, i) => {
      if (seg.startsWith(':')) {
        params[seg.slice(1)] = parts[i];
        return true;
      }
      return seg === parts[i];
    });
    if (ok) return { def, route, params };
  }
  return null;
}
