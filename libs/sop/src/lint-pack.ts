import type { SopPack, TransitionDef, Translated } from '@app/pack-types';
import { jp, type IssueParams, PackIssue } from './pack-issue';
import type { LintCode } from './lint-codes';
import { PREVIOUS_STEP } from './validate-pack';
import { locatePluginIssues } from './apply-plugins';
import { caseTypesCreatableBy, formsGrantedTo } from './role-rules';
import { walkSchema } from '@app/forms';
import { STANDARD_TEMPLATE_IDS } from '@app/templates';
import { packTemplates, templateFileName } from './validate-notifications';
import { runLintChecks } from './lint-checks';
import { lintCalendar } from './lint-calendar';

/**
 * Graph and quality checks on a valid pack (run after validatePack). Errors are SOPs that cannot
 * work (a step nobody can reach, a deadline nobody hears about); warnings are likely mistakes.
 */
export function lintPack(pack: SopPack): PackIssue[] {
  const issues: PackIssue[] = [];
  const err = (file: string, path: string, code: LintCode, message: string, params: IssueParams) =>
    issues.push({ file, path, code, message, severity: 'error', params });
  const warn = (file: string, path: string, code: LintCode, message: string, params: IssueParams) =>
    issues.push({ file, path, code, message, severity: 'warning', params });
  const { manifest, workflow, roles, deadlines } = pack;
  const stepById = new Map(workflow.steps.map((s) => [s.id, s]));
  const roleIds = new Set(roles.map((r) => r.id));
  const normalSteps = workflow.steps.filter((s) => s.kind === 'normal').map((s) => s.id);
  const fromSteps = (t: TransitionDef): string[] => (t.from === '*' ? normalSteps : t.from);
  const outgoing = new Map<string, TransitionDef[]>(workflow.steps.map((s) => [s.id, []]));
  for (const t of workflow.transitions) for (const s of fromSteps(t)) outgoing.get(s)?.push(t);

  // Reachability from the case types' start steps.
  const startSteps = new Set(manifest.caseTypes.map((c) => c.startStep));
  const reached = new Set<string>();
  const queue = [...startSteps];
  while (queue.length) {
    const s = queue.shift()!;
    if (reached.has(s) || !stepById.has(s)) continue;
    reached.add(s);
    for (const t of outgoing.get(s) ?? []) if (t.to !== PREVIOUS_STEP) queue.push(t.to);
  }
  const usableTransition = (t: TransitionDef) => fromSteps(t).some((s) => reached.has(s));

  workflow.steps.forEach((s, i) => {
    const path = jp('$.steps', i);
    if (!reached.has(s.id))
      err('workflow.json', path, 'unreachable_step', `step "${s.id}" cannot be reached: no transition from a start step leads to it`, { step: s.id });
    const out = outgoing.get(s.id) ?? [];
    if (s.kind !== 'terminal' && out.length === 0) {
      err('workflow.json', path, 'dead_end_step', `step "${s.id}" is not terminal but no transition leaves it (cases would be stuck)`, { step: s.id });
    }
    if (s.kind === 'paused' && out.length > 0 && !out.some((t) => t.to === PREVIOUS_STEP || stepById.get(t.to)?.kind === 'normal')) {
      warn(
        'workflow.json',
        path,
        'paused_no_resume',
        `paused step "${s.id}" has no way to resume: add a transition to "${PREVIOUS_STEP}" or back to a normal step`,
        { step: s.id },
      );
    }
  });
  manifest.caseTypes.forEach((c, i) => {
    const kind = stepById.get(c.startStep)?.kind;
    if (kind && kind !== 'normal')
      warn(
        'pack.json',
        jp('$.caseTypes', i, 'startStep'),
        'start_step_kind',
        `start step "${c.startStep}" is ${kind}; new cases should start in a normal step`,
        { step: c.startStep, caseType: c.id, kind },
      );
  });

  workflow.transitions.forEach((t, i) => {
    const base = jp('$.transitions', i);
    if (!t.roles.some((r) => roleIds.has(r))) {
      err('workflow.json', jp(base, 'roles'), 'transition_unperformable', `nobody can perform transition "${t.id}": none of its roles exists`, {
        transition: t.id,
      });
    }
    if (t.approval) {
      const a = new Set(t.approval.roles);
      const p = new Set(t.roles);
      if (a.size === p.size && [...a].every((r) => p.has(r))) {
        warn(
          'workflow.json',
          jp(base, 'approval', 'roles'),
          'self_approval',
          `transition "${t.id}" is approved by the same roles that request it; the requester cannot approve their own request, so a second person with that role is needed`,
          { transition: t.id },
        );
      }
    }
    if (t.to === PREVIOUS_STEP && fromSteps(t).every((s) => stepById.get(s)?.kind !== 'paused')) {
      warn(
        'workflow.json',
        jp(base, 'to'),
        'previous_from_unpaused',
        `"${PREVIOUS_STEP}" is meant for resuming from a paused step, but transition "${t.id}" leaves no paused step`,
        { transition: t.id },
      );
    }
  });

  // Forms: where each is used and who can fill it.
  const fillers = new Map<string, string[]>();
  const packForms = manifest.forms.map((f) => f.id);
  for (const r of roles) for (const f of formsGrantedTo(r, 'fill', packForms)) fillers.set(f, [...(fillers.get(f) ?? []), r.id]);
  const required = new Set<string>();
  const used = new Set<string>();
  const fillableOnPath = new Set<string>();
  for (const s of workflow.steps) {
    for (const f of s.forms ?? []) {
      used.add(f.form);
      if (f.use === 'required') required.add(f.form);
      if (reached.has(s.id)) fillableOnPath.add(f.form);
    }
  }
  for (const t of workflow.transitions) {
    for (const f of t.requiresForms ?? []) {
      used.add(f);
      required.add(f);
      if (usableTransition(t)) fillableOnPath.add(f);
    }
  }
  for (const c of manifest.caseTypes) {
    used.add(c.startForm);
    required.add(c.startForm);
    fillableOnPath.add(c.startForm);
  }
  // A plugin's forms may be filled through its own routes (an incident record), not a step.
  const pluginForms = new Set(pack.plugins.flatMap((p) => p.forms));
  manifest.forms.forEach((f, i) => {
    const path = jp('$.forms', i);
    if (pluginForms.has(f.id) && !used.has(f.id)) return;
    if (!used.has(f.id)) {
      warn('pack.json', path, 'unused_form', `form "${f.id}" is not used by any step, transition or case type, so it can never be filled`, { form: f.id });
    } else if (!fillers.has(f.id)) {
      const msg = `no rule in roles.json lets any role fill form "${f.id}"`;
      if (required.has(f.id)) err('pack.json', path, 'form_nobody_can_fill', `${msg} (it is required)`, { form: f.id });
      else warn('pack.json', path, 'form_nobody_can_fill', msg, { form: f.id });
    }
  });

  // Option lists used by no form.
  const usedLists = new Set<string>();
  for (const form of pack.forms) {
    walkSchema(form.schema, (node) => {
      if (typeof node['x-optionList'] === 'string') usedLists.add(node['x-optionList']);
    });
  }
  for (const listId of Object.keys(pack.optionLists)) {
    if (!usedLists.has(listId))
      warn('option-lists.json', jp('$.optionLists', listId), 'unused_option_list', `option list "${listId}" is not used by any form`, {
        optionList: listId,
      });
  }

  // Deadlines: someone must hear about them, and they must be able to close.
  const recipients = new Set<string>();
  deadlines.forEach((d, i) => {
    const base = jp('$.deadlines', i);
    const notify = [...(d.reminders ?? []), ...(d.escalation ?? [])].flatMap((r) => r.notify);
    notify.forEach((n) => recipients.add(n));
    if (notify.length === 0) {
      err(
        'deadlines.json',
        base,
        'deadline_no_recipient',
        `deadline "${d.id}" has no reminders and no escalation, so nobody is told when it is due or missed`,
        {
          deadline: d.id,
        },
      );
    }
    const a: any = d.anchor;
    if (a.event === 'step_entered' && !reached.has(a.step)) {
      warn(
        'deadlines.json',
        jp(base, 'anchor', 'step'),
        'deadline_anchor_unreachable',
        `deadline "${d.id}" starts when step "${a.step}" is entered, which cannot be reached`,
        { deadline: d.id, step: a.step },
      );
    }
    const reachable = d.closeOn.map((c: any, j) => {
      const p = jp(base, 'closeOn', j);
      let why: string | null = null;
      if (c.event === 'step_entered' && !reached.has(c.step)) why = `step "${c.step}" cannot be reached`;
      if (c.event === 'step_left') {
        if (!reached.has(c.step)) why = `step "${c.step}" cannot be reached`;
        else if ((outgoing.get(c.step) ?? []).length === 0) why = `no transition leaves step "${c.step}"`;
      }
      if (c.event === 'form_submitted') {
        if (!fillableOnPath.has(c.form)) why = `form "${c.form}" is not fillable at any reachable step`;
        else if (!fillers.has(c.form)) why = `no role can fill form "${c.form}"`;
      }
      if (c.event === 'transition') {
        const t = workflow.transitions.find((x) => x.id === c.transition);
        if (t && !usableTransition(t)) why = `transition "${c.transition}" leaves no reachable step`;
      }
      if (why) warn('deadlines.json', p, 'deadline_close_unreachable', `this way of meeting deadline "${d.id}" can never happen: ${why}`, { deadline: d.id });
      return !why;
    });
    if (!reachable.some(Boolean)) {
      err('deadlines.json', jp(base, 'closeOn'), 'deadline_never_met', `deadline "${d.id}" can never be met: none of its closeOn events can happen`, {
        deadline: d.id,
      });
    }
  });

  // Roles that can do nothing at all.
  const performers = new Set(workflow.transitions.flatMap((t) => [...t.roles, ...(t.approval?.roles ?? [])]));
  const caseTypeIds = manifest.caseTypes.map((c) => c.id);
  roles.forEach((r, i) => {
    const doesSomething = performers.has(r.id) || r.rules.length > 0 || !!r.administer || recipients.has(r.id);
    if (!doesSomething)
      warn('roles.json', jp('$.roles', i), 'role_does_nothing', `role "${r.id}" has no rules, performs and approves no transition and is never notified`, {
        role: r.id,
      });
    const fills = new Set(formsGrantedTo(r, 'fill', packForms));
    for (const c of caseTypesCreatableBy(r, caseTypeIds)) {
      const ct = manifest.caseTypes.find((x) => x.id === c)!;
      if (!fills.has(ct.startForm)) {
        warn(
          'roles.json',
          jp('$.roles', i, 'rules'),
          'creator_cannot_fill_start_form',
          `role "${r.id}" may create "${c}" cases but no rule lets it fill their start form "${ct.startForm}"`,
          { role: r.id, caseType: c, form: ct.startForm },
        );
      }
    }
  });
  manifest.caseTypes.forEach((c, i) => {
    if (!roles.some((r) => caseTypesCreatableBy(r, caseTypeIds).includes(c.id))) {
      warn('pack.json', jp('$.caseTypes', i), 'case_type_nobody_creates', `no role may create "${c.id}" cases (no create rule on case in roles.json)`, {
        caseType: c.id,
      });
    }
  });

  // Message templates: custom ones no deadline names, and pack languages a template lacks.
  const locales = manifest.locales;
  const namedTemplates = new Set(deadlines.flatMap((d) => [...(d.reminders ?? []), ...(d.escalation ?? [])]).map((r) => r.template));
  // A plugin's templates are sent by the plugin.
  for (const p of pack.plugins) p.templates.forEach((id) => namedTemplates.add(id));
  for (const t of packTemplates(pack)) {
    const file = templateFileName(t.id, manifest.defaultLocale, 'subject');
    if (!(STANDARD_TEMPLATE_IDS as readonly string[]).includes(t.id) && !namedTemplates.has(t.id)) {
      warn(file, '$', 'unused_template', `template "${t.id}" is not a standard message and no deadline reminder or escalation names it, so it is never sent`, {
        template: t.id,
      });
    }
    const missing = locales.filter((l) => !t.locales[l]);
    if (missing.length) {
      warn(
        file,
        '$',
        'missing_translation',
        `template "${t.id}" has no ${missing.map((l) => `"${l}"`).join(', ')} version (those readers get "${manifest.defaultLocale}")`,
        { template: t.id, languages: missing.join(', ') },
      );
    }
  }

  // Labels should exist in every locale of the pack.
  const label = (file: string, path: string, t: Translated | undefined) => {
    if (!t) return;
    const missing = locales.filter((l) => !t[l]);
    if (missing.length)
      warn(file, path, 'missing_translation', `missing the ${missing.map((l) => `"${l}"`).join(', ')} translation`, {
        languages: missing.join(', '),
      });
  };
  label('pack.json', '$.name', manifest.name);
  manifest.caseTypes.forEach((c, i) => label('pack.json', jp('$.caseTypes', i, 'label'), c.label));
  workflow.steps.forEach((s, i) => label('workflow.json', jp('$.steps', i, 'label'), s.label));
  workflow.transitions.forEach((t, i) => {
    label('workflow.json', jp('$.transitions', i, 'label'), t.label);
    (t.guards ?? []).forEach((g, j) => label('workflow.json', jp('$.transitions', i, 'guards', j, 'message'), g.message));
  });
  roles.forEach((r, i) => label('roles.json', jp('$.roles', i, 'label'), r.label));
  deadlines.forEach((d, i) => label('deadlines.json', jp('$.deadlines', i, 'label'), d.label));
  pack.forms.forEach((f) => label(`forms/${f.id}.v${f.version}.json`, '$.title', f.title));

  // The families of checks in their own files (lint-checks.ts).
  issues.push(...runLintChecks(pack));
  issues.push(...lintCalendar(pack));

  return locatePluginIssues(pack, issues);
}
