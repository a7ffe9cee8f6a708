import type { PackChange, PackDiff, PackElementRef } from '@app/sop';

/** English lines for a pack diff in a terminal (the web app words the same data in each language). */

type Labels = PackDiff['labels'];

const label = (r: PackElementRef | undefined): string => (r ? `${r.label?.en ? `"${r.label.en}"` : r.id}${r.label?.en ? ` (${r.id})` : ''}` : '');
const of = (c: PackChange): string =>
  `${c.element.type.replace(/_/g, ' ')} ${label(c.element)}${c.element.parent ? ` of ${c.element.parent.type.replace(/_/g, ' ')} ${label(c.element.parent)}` : ''}`;

/** `{ hours: 48 }` → `48 h`, `{ days: 5, workingDays: true }` → `5 working days`. */
export function durationText(d: any): string {
  if (!d || typeof d !== 'object') return 'none';
  const parts: string[] = [];
  if (d.months) parts.push(`${d.months} month(s)`);
  if (d.days) parts.push(`${d.days} ${d.workingDays ? 'working day(s)' : 'day(s)'}`);
  if (d.hours) parts.push(`${d.hours} h`);
  if (d.workingHours) parts.push(`${d.workingHours} working hour(s)`);
  return parts.join(' ') || '0 h';
}

/** Ids in a value shown with their labels where the diff has them (steps, roles, forms). */
function named(value: unknown, labels: Labels, type: string): string {
  const list = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  return list.map((id) => labels[`${type}:${id}`]?.en ?? String(id)).join(', ') || 'none';
}

const json = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));
const fromTo = (c: PackChange, show: (v: unknown) => string = json): string => `${show(c.before)} → ${show(c.after)}`;

const WORDING: Record<string, (c: PackChange, labels: Labels) => string> = {
  label_changed: (c) => `${of(c)}: label changed (${Object.keys({ ...(c.before as object), ...(c.after as object) }).join(', ')})`,
  form_version_changed: (c) => `${of(c)}: version ${fromTo(c)}`,
  form_conditions_changed: (c) => `${of(c)}: conditions between fields changed`,
  form_layout_changed: (c) => `${of(c)}: layout changed`,
  field_required_changed: (c) => `${of(c)} is now ${c.after ? 'required' : 'optional'}`,
  field_type_changed: (c) => `${of(c)}: type ${fromTo(c)}`,
  field_options_changed: (c) => `${of(c)}: options ${fromTo(c)}`,
  field_sensitivity_changed: (c) => `${of(c)} is now ${c.after ? 'sensitive' : 'not sensitive'}`,
  step_kind_changed: (c) => `${of(c)}: kind ${fromTo(c)}`,
  step_forms_changed: (c) => `${of(c)}: forms ${fromTo(c)}`,
  transition_from_changed: (c, l) => `${of(c)}: from ${fromTo(c, (v) => named(v, l, 'step'))}`,
  transition_to_changed: (c, l) => `${of(c)}: to ${fromTo(c, (v) => named(v, l, 'step'))}`,
  transition_roles_changed: (c, l) => `${of(c)}: roles ${fromTo(c, (v) => named(v, l, 'role'))}`,
  transition_required_forms_changed: (c, l) => `${of(c)}: forms required ${fromTo(c, (v) => named(v, l, 'form'))}`,
  transition_guard_added: (c) => `${of(c)} now needs: ${(c.after as any)?.message?.en ?? json((c.after as any)?.rule)}`,
  transition_guard_removed: (c) => `${of(c)} no longer needs: ${(c.before as any)?.message?.en ?? json((c.before as any)?.rule)}`,
  deadline_offset_changed: (c) => {
    const s = c.scope;
    const when = s?.when === null ? 'otherwise' : `when ${s?.valueLabel?.en ?? s?.value ?? json(s?.when)}`;
    return `${of(c)} ${when}: ${fromTo(c, (v) => (v === undefined ? 'none' : durationText(v)))}`;
  },
  role_rule_granted: (c) => `${of(c)} may now ${ruleText(c.after)}`,
  role_rule_revoked: (c) => `${of(c)} may no longer ${ruleText(c.before)}`,
  template_text_changed: (c) => `${of(c)}: ${c.scope?.locale} ${c.scope?.part} changed`,
  changed_at_path: (c) => `${c.path}: ${fromTo(c)}`,
};

function ruleText(rule: any): string {
  const actions = Array.isArray(rule?.action) ? rule.action.join('/') : rule?.action;
  const fields = rule?.fields ? ` (${rule.fields.join(', ')})` : '';
  const conditions = rule?.conditions ? ` when ${json(rule.conditions)}` : '';
  return `${actions} ${rule?.subject}${fields}${conditions}`;
}

/** One line per change, e.g. `deadline "Response…" (initial_response) when High: 48 h → 24 h`. */
export function packChangeLine(c: PackChange, labels: Labels): string {
  const word = WORDING[c.kind];
  if (word) return word(c, labels);
  if (c.kind.endsWith('_added')) return `${of(c)} added`;
  if (c.kind.endsWith('_removed')) return `${of(c)} removed`;
  return `${of(c)}: ${c.kind.replace(/_/g, ' ')}: ${fromTo(c)}`;
}
