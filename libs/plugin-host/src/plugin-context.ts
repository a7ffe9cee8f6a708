import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { entryBy, type AuditEntry } from '@app/audit';
import type { PluginCaseGateway } from '@app/cases';
import type { CurrentUser } from '@app/identity';
import type { PluginAudit, PluginDefinition, PluginLocations, PluginRouteContext } from '@app/plugin-sdk';
import { PluginError } from '@app/plugin-sdk';
import { locationPaths } from '@app/sop';
import type { EnabledPlugin, LocationNode, SopPack } from '@app/pack-types';
import type { CompiledSop } from '@app/sop-registry';
import { pluginDb } from './plugin-db';

const locationCache = new WeakMap<SopPack, PluginLocations>();

/** The pack's location tree as plugins see it (computed once per pack version). */
export function pluginLocations(pack: SopPack): PluginLocations {
  let found = locationCache.get(pack);
  if (!found) {
    const paths = locationPaths(pack.locations.root);
    const nodes = new Map<string, LocationNode>();
    const walk = (n: LocationNode) => {
      nodes.set(n.code, n);
      (n.children ?? []).forEach(walk);
    };
    walk(pack.locations.root);
    found = {
      path: (code) => paths.get(code)?.split('/').filter(Boolean) ?? null,
      label: (code, locale) => {
        const n = nodes.get(code);
        return n ? (n.name[locale ?? ''] ?? n.name[pack.manifest.defaultLocale] ?? n.name.en ?? code) : null;
      },
    };
    locationCache.set(pack, found);
  }
  return found;
}

/** Audit entries of a plugin, `<plugin id>.<action>`, collected to be written last in the transaction. */
export function pluginAudit(pluginId: string, actor: CurrentUser | null, actorId: string | null, into: AuditEntry[]): PluginAudit {
  return {
    async record(action, entry = {}) {
      if (!/^[a-z][a-z0-9_.]*$/.test(action))
        throw new PluginError('plugin_bad_audit_action', 500, `Plugin ${pluginId}: audit action "${action}" must be lower_snake.`);
      const e = { action: `${pluginId}.${action}`, caseId: entry.caseId ?? null, fields: entry.fields ?? [], details: entry.details ?? {} };
      into.push(actor ? entryBy(actor, e) : { ...e, actorId, actorRoles: [] });
    },
  };
}

export interface RouteContextInput {
  def: PluginDefinition<any>;
  enabled: EnabledPlugin;
  sop: CompiledSop;
  user: CurrentUser;
  em: EntityManager;
  now: Date;
  auditInto: AuditEntry[];
  gateway: PluginCaseGateway;
}

/** What a route handler gets: everything acts as the signed-in user, in the route's transaction. */
export function routeContext(input: RouteContextInput): PluginRouteContext<any> {
  const { def, enabled, sop, user, em, auditInto, gateway } = input;
  const via = `plugin:${def.id}`;
  return {
    plugin: { id: def.id, version: def.version },
    settings: structuredClone(enabled.settings),
    now: input.now,
    db: pluginDb(def.id, em),
    audit: pluginAudit(def.id, user, user.id, auditInto),
    locations: pluginLocations(sop.pack),
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: [...user.roles],
      teamId: user.teamId,
      agencyId: user.agencyId,
      locale: user.locale,
    },
    can: (action, subject) => gateway.canSomewhere(user, sop, action, subject),
    cases: {
      get: (caseId) => gateway.view(user, caseId, em, auditInto, via),
      can: (caseId, action, subject) => gateway.can(user, caseId, action, subject, em),
      readable: (ids) => gateway.readable(user, ids, em),
      recordEvent: (caseId, type, data, options = {}) => {
        if (!/^[a-z][a-z0-9_]*$/.test(type)) throw new PluginError('plugin_bad_event', 500, `Plugin ${def.id}: event type "${type}" must be lower_snake.`);
        return gateway.recordEvent(user, caseId, `${def.id}.${type}`, data, em, auditInto, options.visibleTo);
      },
      consent: (caseId, purpose) => gateway.consent(caseId, purpose, em),
    },
    forms: {
      check: (formId, answers) => {
        if (!sop.forms.has(formId)) throw new PluginError('plugin_unknown_form', 500, `Plugin ${def.id}: form "${formId}" is not in the pack.`);
        return sop.forms.validate(formId, answers, 'complete').map((e) => ({ path: e.path, message: e.message }));
      },
    },
    notify: {
      roles: (roles, template, message) =>
        gateway.notify(em, sop, {
          roles,
          templateId: template,
          caseId: message.caseId ?? null,
          data: message.data ?? {},
          dedupeKey: `${def.id}:${template}:${randomUUID()}`,
          kind: `plugin.${def.id}`,
        }),
    },
  };
}
