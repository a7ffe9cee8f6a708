import type { SopPack } from '@app/pack-types';
import { CHANGED_AT_PATH, diffPacks, PackChange } from '@app/sop';
import { loadMoldova } from '../../../test/support/reference-pack';

/** The pack diff: what an administrator reads before publishing a change (no database). */
describe('diffPacks', () => {
  let moldova: SopPack;
  beforeAll(async () => {
    moldova = await loadMoldova();
  });

  /** A deep copy of the Moldova pack changed by `mutate`, and the changes from Moldova to it. */
  const changesAfter = (mutate: (p: any) => void): PackChange[] => {
    const copy = structuredClone(moldova);
    mutate(copy);
    return diffPacks(moldova, copy).changes;
  };
  const form = (p: any, id: string) => p.forms.find((f: any) => f.id === id);
  const byId = (list: any[], id: string) => list.find((x) => x.id === id);
  const kinds = (changes: PackChange[]) => changes.map((c) => c.kind);

  it('finds no change between identical packs', () => {
    expect(diffPacks(moldova, structuredClone(moldova))).toEqual({ changes: [], labels: {} });
  });

  it('Moldova against a copy with a shortened high-risk deadline and a newly required field gives exactly those two changes', () => {
    const copy: any = structuredClone(moldova);
    byId(copy.deadlines, 'initial_response').due[0].after = { hours: 24 };
    form(copy, 'initial_assessment').schema.required.push('child_views');
    const { changes, labels } = diffPacks(moldova, copy);
    expect(changes).toEqual([
      {
        kind: 'field_required_changed',
        element: expect.objectContaining({
          type: 'field',
          id: 'child_views',
          label: expect.objectContaining({ en: 'Views of the child', fr: "Avis de l'enfant" }),
          parent: expect.objectContaining({ type: 'form', id: 'initial_assessment', label: expect.objectContaining({ en: 'Initial assessment' }) }),
        }),
        path: 'forms[initial_assessment].schema.required',
        before: false,
        after: true,
      },
      {
        kind: 'deadline_offset_changed',
        element: expect.objectContaining({
          type: 'deadline',
          id: 'initial_response',
          label: expect.objectContaining({ en: 'Response according to the risk level' }),
        }),
        path: 'deadlines[initial_response].due',
        scope: expect.objectContaining({ fact: 'case.risk', value: 'high', valueLabel: expect.objectContaining({ en: expect.stringMatching(/high/i) }) }),
        before: { hours: 48 },
        after: { hours: 24 },
      },
    ]);
    expect(labels['step:registration']).toEqual(expect.objectContaining({ en: expect.any(String) }));
  });

  it('words changes to forms and fields', () => {
    const changes = changesAfter((p) => {
      const f = form(p, 'initial_assessment');
      f.schema.properties.school = { type: 'string', 'x-label': { en: 'School' } };
      f.schema.properties.child_seen.type = 'string';
      f.schema.properties.risk_level['x-optionList'] = 'concern_types';
      f.schema.properties.child_views['x-sensitive'] = true;
      f.schema.properties.summary['x-label'].fr = 'Résumé';
      f.schema.required = f.schema.required.filter((n: string) => n !== 'summary');
      f.schema.dependentRequired = { child_seen: ['child_views'] };
      delete form(p, 'closure').schema.properties[Object.keys(form(p, 'closure').schema.properties)[0]];
    });
    const on = (kind: string) => changes.filter((c) => c.kind === kind).map((c) => `${c.element.parent?.id ?? ''}.${c.element.id}`);
    expect(on('field_added')).toEqual(['initial_assessment.school']);
    expect(on('field_type_changed')).toEqual(['initial_assessment.child_seen']);
    expect(on('field_options_changed')).toEqual(['initial_assessment.risk_level']);
    expect(changes.find((c) => c.kind === 'field_options_changed')).toMatchObject({
      before: { optionList: 'risk_levels' },
      after: { optionList: 'concern_types' },
    });
    expect(on('field_sensitivity_changed')).toEqual(['initial_assessment.child_views']);
    expect(changes.find((c) => c.kind === 'label_changed')).toMatchObject({ element: { id: 'summary' }, after: { fr: 'Résumé' } });
    expect(changes.find((c) => c.kind === 'field_required_changed')).toMatchObject({ element: { id: 'summary' }, before: true, after: false });
    expect(on('form_conditions_changed')).toEqual(['.initial_assessment']);
    expect(on('field_removed')).toHaveLength(1);
    expect(kinds(changes)).not.toContain(CHANGED_AT_PATH);
  });

  it('words changes to steps and transitions, with the guard a transition now needs', () => {
    const guard = { rule: { '!!': [{ var: 'forms.registration.consent_status' }] }, message: { en: 'Consent must be recorded' } };
    const changes = changesAfter((p) => {
      p.workflow.steps.push({ id: 'review', label: { en: 'Review' }, kind: 'normal' });
      byId(p.workflow.steps, 'follow_up').kind = 'paused';
      const t = byId(p.workflow.transitions, 'start_assessment');
      t.from = ['registration', 'review'];
      t.roles = [...t.roles, 'supervisor'];
      t.guards.push(guard);
    });
    expect(kinds(changes).sort()).toEqual(['step_added', 'step_kind_changed', 'transition_from_changed', 'transition_guard_added', 'transition_roles_changed']);
    expect(changes.find((c) => c.kind === 'transition_guard_added')).toMatchObject({ element: { type: 'transition', id: 'start_assessment' }, after: guard });
    expect(changes.find((c) => c.kind === 'transition_from_changed')).toMatchObject({ before: ['registration'], after: ['registration', 'review'] });
  });

  it('words changes to deadlines: anchor, offsets per risk, reminders, escalations', () => {
    const changes = changesAfter((p) => {
      const d = byId(p.deadlines, 'initial_response');
      d.anchor = { event: 'step_entered', step: 'registration' };
      d.due[1].after = { days: 3 };
      d.due.splice(2, 1);
      d.reminders[0].before = { hours: 6 };
      d.escalation.pop();
    });
    expect(kinds(changes)).toEqual([
      'deadline_anchor_changed',
      'deadline_offset_changed',
      'deadline_offset_changed',
      'deadline_reminders_changed',
      'deadline_escalations_changed',
    ]);
    const offsets = changes.filter((c) => c.kind === 'deadline_offset_changed');
    expect(offsets[0]).toMatchObject({ scope: { value: 'medium' }, before: { days: 5 }, after: { days: 3 } });
    // The fallback offset (no rule) was removed.
    expect(offsets[1]).toMatchObject({ scope: { when: null }, before: { days: 10 } });
    expect(offsets[1]).not.toHaveProperty('after');
  });

  it('words changes to roles: a permission granted and revoked, two-factor', () => {
    const granted = { action: 'read', subject: 'form', fields: ['comprehensive_assessment.*'] };
    const changes = changesAfter((p) => {
      const r = byId(p.roles, 'teacher');
      r.rules.push(granted);
      const revoked = byId(p.roles, 'doctor').rules.shift();
      expect(revoked).toBeDefined();
      r.requiresTwoFactor = true;
    });
    expect(kinds(changes).sort()).toEqual(['role_rule_granted', 'role_rule_revoked', 'role_two_factor_changed']);
    expect(changes.find((c) => c.kind === 'role_rule_granted')).toMatchObject({ element: { type: 'role', id: 'teacher' }, after: granted });
    expect(changes.find((c) => c.kind === 'role_rule_revoked')).toMatchObject({ element: { id: 'doctor' } });
  });

  it('words changes to option lists, message templates and reporting indicators', () => {
    const changes = changesAfter((p) => {
      p.optionLists.risk_levels.push({ value: 'extreme', label: { en: 'Extreme' } });
      p.optionLists.new_list = [{ value: 'a', label: { en: 'A' } }];
      p.notifications.templates.deadline_reminder.locales.fr.subject = 'Nouveau sujet';
      p.reporting.indicators[0].where = { caseType: ['notification'] };
      p.reporting.indicators[1].label.fr = 'Autre';
    });
    expect(kinds(changes)).toEqual(['option_list_added', 'option_added', 'template_text_changed', 'indicator_definition_changed', 'label_changed']);
    expect(changes.find((c) => c.kind === 'option_added')).toMatchObject({ element: { id: 'extreme', parent: { type: 'option_list', id: 'risk_levels' } } });
    expect(changes.find((c) => c.kind === 'template_text_changed')).toMatchObject({
      element: { id: 'deadline_reminder' },
      scope: { locale: 'fr', part: 'subject' },
      after: 'Nouveau sujet',
    });
  });

  it('reports what no section words as a change at its path, so nothing is silently missing', () => {
    const changes = changesAfter((p) => {
      p.locations.root.name.en = 'Moldova (renamed)';
      p.security.sessionMinutes = 5;
    });
    expect(changes).toEqual([
      expect.objectContaining({ kind: CHANGED_AT_PATH, path: 'locations.root.name.en', after: 'Moldova (renamed)' }),
      expect.objectContaining({ kind: CHANGED_AT_PATH, path: 'security.sessionMinutes', after: 5 }),
    ]);
  });

  it('a form dropped with its fields is one change, not one per field', () => {
    const changes = changesAfter((p) => {
      p.forms = p.forms.filter((f: any) => f.id !== 'follow_up_visit');
    });
    expect(changes.filter((c) => c.element.type === 'field')).toEqual([]);
    expect(kinds(changes)).toContain('form_removed');
  });
});
