import type { DeadlineCloseOn, DeadlineDef, Duration, SopPack } from '@app/pack-types';
import { jp, PackIssue } from './pack-issue';

/** The reference checks validate-pack shares with this file (they know the pack's ids). */
export interface DeadlineCheckContext {
  caseTypeIds: Set<string>;
  transitionIds: Set<string>;
  checkStep(file: string, path: string, id: string): void;
  checkForm(file: string, path: string, id: string): boolean;
  checkRole(file: string, path: string, id: string, allowSpecial?: boolean): void;
  checkRuleAt(file: string, path: string, rule: unknown): void;
  /** The field's type, when the form has it: 'date' for date and date-time fields, else 'other'. */
  fieldKind(formId: string, field: string): 'date' | 'other' | undefined;
}

const F = 'deadlines.json';
const isZero = (d: Duration) => !d.months && !d.days && !d.hours && !d.workingHours;

/** deadlines.json: anchors, close-on and series-ending events, rules and recipients name things that exist, and series can recur. */
export function checkDeadlines(pack: SopPack, ctx: DeadlineCheckContext): PackIssue[] {
  const issues: PackIssue[] = [];
  const err = (path: string, code: string, message: string) => issues.push({ file: F, path, code, message, severity: 'error' });

  const checkDateField = (path: string, formId: string, field: string) => {
    const kind = ctx.fieldKind(formId, field);
    if (!kind) err(path, 'unknown_field', `form "${formId}" has no field "${field}"`);
    else if (kind !== 'date') err(path, 'not_a_date_field', `field "${formId}.${field}" is not a date field (it needs "format": "date" or "date-time")`);
  };

  const checkEvent = (d: DeadlineDef, c: DeadlineCloseOn, p: string) => {
    if (c.event === 'referral_responded' && d.anchor.event !== 'referral_sent') {
      err(
        jp(p, 'event'),
        'close_needs_referral_anchor',
        'referral_responded can only close a deadline anchored on referral_sent (it needs to know which referral)',
      );
    }
    if (c.event === 'step_entered' || c.event === 'step_left') ctx.checkStep(F, jp(p, 'step'), c.step);
    if (c.event === 'transition' && !ctx.transitionIds.has(c.transition)) {
      err(jp(p, 'transition'), 'unknown_transition', `transition "${c.transition}" does not exist in workflow.json`);
    }
    if (c.event !== 'form_submitted' || !ctx.checkForm(F, jp(p, 'form'), c.form)) return;
    if (c.dateField !== undefined) checkDateField(jp(p, 'dateField'), c.form, c.dateField);
    if (c.where !== undefined) ctx.checkRuleAt(F, jp(p, 'where'), c.where);
  };

  pack.deadlines.forEach((d, i) => {
    const base = jp('$.deadlines', i);
    (d.caseTypes ?? []).forEach((c, j) => {
      if (!ctx.caseTypeIds.has(c)) err(jp(base, 'caseTypes', j), 'unknown_case_type', `case type "${c}" does not exist in pack.json caseTypes`);
    });
    const a = d.anchor;
    if (a.event === 'step_entered') ctx.checkStep(F, jp(base, 'anchor', 'step'), a.step);
    if (a.event === 'form_submitted') ctx.checkForm(F, jp(base, 'anchor', 'form'), a.form);
    if (a.event === 'date_answer' && ctx.checkForm(F, jp(base, 'anchor', 'form'), a.form)) checkDateField(jp(base, 'anchor', 'field'), a.form, a.field);
    if (a.event === 'referral_sent') {
      (a.serviceTypes ?? []).forEach((t, j) => {
        if (!pack.services.serviceTypes.some((s) => s.id === t)) {
          err(jp(base, 'anchor', 'serviceTypes', j), 'unknown_service_type', `service type "${t}" does not exist in services.json serviceTypes`);
        }
      });
    }
    d.closeOn.forEach((c, j) => checkEvent(d, c, jp(base, 'closeOn', j)));
    if (d.when !== undefined) ctx.checkRuleAt(F, jp(base, 'when'), d.when);
    d.due.forEach((due, j) => {
      if (due.when !== undefined) ctx.checkRuleAt(F, jp(base, 'due', j, 'when'), due.when);
    });
    (d.reminders ?? []).forEach((r, j) => r.notify.forEach((n, k) => ctx.checkRole(F, jp(base, 'reminders', j, 'notify', k), n, true)));
    (d.escalation ?? []).forEach((r, j) => r.notify.forEach((n, k) => ctx.checkRole(F, jp(base, 'escalation', j, 'notify', k), n, true)));
    if (d.repeat) checkRepeat(d, base);
  });

  function checkRepeat(d: DeadlineDef, base: string) {
    const repeat = d.repeat!;
    const p = jp(base, 'repeat');
    if (d.anchor.event === 'referral_sent') {
      err(p, 'repeat_not_supported', 'a deadline anchored on referral_sent cannot recur: each referral already has its own deadline');
    }
    d.closeOn.forEach((c, j) => {
      if (c.event === 'form_submitted' && c.entry !== undefined) {
        err(
          jp(base, 'closeOn', j, 'entry'),
          'repeat_with_entry',
          'a recurring deadline is kept by each new entry: "entry" (one given entry) would keep only one occurrence',
        );
      }
    });
    if (repeat.every ? isZero(repeat.every) : d.due.some((x) => isZero(x.after))) {
      err(
        repeat.every ? jp(p, 'every') : jp(base, 'due'),
        'repeat_every_zero',
        'a recurring deadline needs a period longer than zero: each occurrence would fall due the moment the one before was kept',
      );
    }
    (repeat.until ?? []).forEach((c, j) => checkEvent(d, c, jp(p, 'until', j)));
    if (repeat.stopWhen !== undefined) ctx.checkRuleAt(F, jp(p, 'stopWhen'), repeat.stopWhen);
  }
  return issues;
}
