import { pickLabel } from '@app/core';
import type { DeadlineDef } from '@app/pack-types';
import type { CompiledSop } from '@app/sop-registry';
import { MessageContext, renderMessage } from '@app/templates';
import { CaseSnapshot, latestComplete, ScheduledAlert } from '@app/workflow';
import { permissionsOf, reachFacts, roleLabel } from './role-view';
import type { SimulatedAlert, SimulatedMessage } from './simulation.types';

/** Stands for the case number and link, which a synthetic case does not have. */
const SIMULATED_CASE = { number: 'SIMULATION', link: '#simulation' };

/** The roles a `notify` entry means on this case: its owner's role, the roles supervising a team, or the role named. */
export function notifiedRoles(sop: CompiledSop, notify: string, ownerRole: string | null): string[] {
  if (notify === 'case_owner') return ownerRole ? [ownerRole] : [];
  if (notify === 'case_owner_supervisor') return sop.pack.roles.filter((r) => r.supervisesTeam).map((r) => r.id);
  return sop.pack.roles.some((r) => r.id === notify) ? [notify] : [];
}

/**
 * The alerts a deadline gets, each reminder and escalation with the messages the pack's templates
 * would send, rendered in `locale` with the answers the first role told may read (as the scheduler
 * gives each reader only theirs). The overdue mark tells nobody.
 */
export function simulateAlerts(
  sop: CompiledSop,
  snapshot: CaseSnapshot,
  deadline: { key: string; definition: DeadlineDef; dueAt: Date },
  alerts: ScheduledAlert[],
  ownerRole: string | null,
  locale: string,
): SimulatedAlert[] {
  const channels = ['inbox', ...sop.pack.notifications.channels];
  return alerts.map((alert) => {
    const messages: SimulatedMessage[] = [];
    if (alert.kind !== 'overdue' && alert.status === 'pending') {
      const template = sop.pack.notifications.templates[alert.template ?? ''];
      for (const notify of alert.notify) {
        const roles = notifiedRoles(sop, notify, ownerRole);
        if (!template || roles.length === 0) {
          messages.push({ template: alert.template ?? '', notify, roles: [], channels: [], subject: '', text: '' });
          continue;
        }
        const context = {
          recipient: { name: roleLabel(sop, roles[0], locale) },
          case: { ...SIMULATED_CASE, typeLabel: caseTypeLabel(sop, snapshot.caseType, locale), stepLabel: stepLabel(sop, snapshot.step, locale) },
          deadline: { label: pickLabel(deadline.definition.label, locale), dueAt: deadline.dueAt, overdue: alert.kind === 'escalation' },
          alert: { kind: alert.kind, level: alert.index + 1 },
          answers: readableAnswers(sop, snapshot, template.answers, roles[0]),
        };
        const out = renderMessage(template, locale, sop.pack.manifest.defaultLocale, context as MessageContext, { timeZone: sop.pack.manifest.timezone });
        messages.push({
          template: template.id,
          notify,
          roles: roles.map((id) => ({ id, label: roleLabel(sop, id, locale) })),
          channels,
          subject: out.subject,
          text: out.text,
        });
      }
    }
    return { deadlineKey: deadline.key, kind: alert.kind, at: alert.at.toISOString(), status: alert.status, messages };
  });
}

export function stepLabel(sop: CompiledSop, step: string, locale: string): string {
  const def = sop.pack.workflow.steps.find((s) => s.id === step);
  return def ? pickLabel(def.label, locale) : step;
}

function caseTypeLabel(sop: CompiledSop, caseType: string, locale: string): string {
  const def = sop.pack.manifest.caseTypes.find((t) => t.id === caseType);
  return def ? pickLabel(def.label, locale) : caseType;
}

/** `{ form: { field: value } }` of the template's declared answers that `role` may read. */
function readableAnswers(sop: CompiledSop, snapshot: CaseSnapshot, paths: string[], role: string): Record<string, Record<string, unknown>> {
  const perms = permissionsOf(sop, role);
  const facts = reachFacts(snapshot.caseType, snapshot.step, snapshot.status, role);
  const out: Record<string, Record<string, unknown>> = {};
  for (const path of paths) {
    const [form, field] = path.split('.');
    const answers = latestComplete(snapshot, form)?.answers;
    if (!answers || !(field in answers) || !perms.canField('read', form, field, facts)) continue;
    (out[form] ??= {})[field] = answers[field];
  }
  return out;
}
