/**
 * Small inline SOP packs and case snapshots for unit tests (no files, no database).
 * The default pack: registration → assessment → planning → closed, with pause/resume and closure
 * from every normal step, approval of the care plan by a supervisor, and risk-based deadlines.
 */
import type { DeadlineDef, RoleDef, SopPack, StepDef, TransitionDef } from '@app/pack-types';
import type { Actor, CaseSnapshot, FormSubmissionSnapshot, StepVisit } from '../engine.types';

export const t0 = new Date('2024-03-04T09:00:00.000Z'); // a Monday
export const at = (iso: string) => new Date(iso);
const label = (en: string) => ({ en, fr: `${en} (fr)` });

export function step(id: string, kind: StepDef['kind'] = 'normal', forms?: StepDef['forms']): StepDef {
  return { id, label: label(id), kind, ...(forms ? { forms } : {}) };
}

export function transition(id: string, from: TransitionDef['from'], to: string, extra: Partial<TransitionDef> = {}): TransitionDef {
  return { id, label: label(id), from, to, roles: ['caseworker'], ...extra };
}

export const riskFollowUp: DeadlineDef = {
  id: 'follow_up',
  label: label('Follow-up after assessment'),
  anchor: { event: 'form_submitted', form: 'initial_assessment' },
  when: { '!!': [{ var: 'case.risk' }] },
  due: [
    { when: { '==': [{ var: 'case.risk' }, 'high'] }, after: { hours: 48 } },
    { when: { '==': [{ var: 'case.risk' }, 'medium'] }, after: { days: 5 } },
    { after: { days: 10 } },
  ],
  closeOn: [{ event: 'form_submitted', form: 'follow_up_visit' }],
  reminders: [{ before: { hours: 24 }, notify: ['case_owner'] }],
  escalation: [{ afterOverdue: { days: 1, workingDays: true }, notify: ['case_owner_supervisor'] }],
};

export const roles: RoleDef[] = [
  {
    id: 'caseworker',
    label: label('Caseworker'),
    rules: [
      { action: 'create', subject: 'case', conditions: { caseType: 'child_protection' } },
      { action: 'read', subject: 'case', conditions: { assignedTo: '$user' } },
      {
        action: 'fill',
        subject: 'form',
        fields: ['registration', 'initial_assessment', 'care_plan', 'follow_up_visit', 'closure'],
        conditions: { assignedTo: '$user' },
      },
    ],
  },
  {
    id: 'supervisor',
    label: label('Supervisor'),
    supervisesTeam: true,
    rules: [
      { action: 'read', subject: 'case', conditions: { team: '$user.team' } },
      { action: 'read', subject: 'form', fields: ['care_plan', 'closure'], conditions: { team: '$user.team' } },
    ],
  },
  {
    id: 'teacher',
    label: label('Teacher'),
    rules: [
      { action: 'create', subject: 'case', conditions: { caseType: 'child_protection' } },
      { action: ['read', 'fill'], subject: 'form', fields: ['notification'], conditions: { createdBy: '$user' } },
    ],
  },
];

export function buildPack(overrides: Partial<SopPack> = {}): SopPack {
  const steps = [
    step('registration', 'normal', [{ form: 'registration', use: 'required' }]),
    step('assessment', 'normal', [{ form: 'initial_assessment', use: 'required' }]),
    step('planning', 'normal', [
      { form: 'care_plan', use: 'required' },
      { form: 'follow_up_visit', use: 'repeatable', minEntries: 2 },
    ]),
    step('paused', 'paused'),
    step('closed', 'terminal'),
  ];
  const transitions = [
    transition('start_assessment', ['registration'], 'assessment', { requiresForms: ['registration'] }),
    transition('plan', ['assessment'], 'planning', {
      requiresForms: ['initial_assessment'],
      guards: [
        {
          rule: { in: [{ var: 'forms.initial_assessment.risk_level' }, ['low', 'medium', 'high']] },
          message: { en: 'Set the risk level first', fr: "Fixez d'abord le niveau de risque" },
        },
      ],
    }),
    transition('approve_plan', ['planning'], 'planning', { requiresForms: ['care_plan', 'follow_up_visit'], approval: { roles: ['supervisor'] } }),
    transition('pause', '*', 'paused', { effects: [{ type: 'set_case_field', field: 'pausedFrom', value: { var: 'case.step' } }] }),
    transition('resume', ['paused'], '@previous', { effects: [{ type: 'clear_case_field', field: 'pausedFrom' }] }),
    transition('close', '*', 'closed', {
      roles: ['caseworker', 'supervisor'],
      requiresForms: ['closure'],
      effects: [
        { type: 'set_case_field', field: 'closureReason', value: { var: 'forms.closure.closure_reason' } },
        { type: 'emit_event', event: 'case.closed_with_reason', data: { reason: { var: 'forms.closure.closure_reason' }, fixed: 'x' } },
      ],
    }),
    transition('reopen', ['closed'], 'assessment', { roles: ['supervisor'] }),
  ];
  const formIds = ['registration', 'notification', 'initial_assessment', 'care_plan', 'follow_up_visit', 'closure'];
  return {
    manifest: {
      formatVersion: 1,
      id: 'test',
      name: label('Test'),
      country: 'MD',
      locales: ['en', 'fr'],
      defaultLocale: 'en',
      caseTypes: [
        {
          id: 'child_protection',
          label: label('Child protection'),
          startStep: 'registration',
          startForm: 'registration',
          caseNumberFormat: '{seq:4}',
          assignTo: 'creator',
        },
      ],
      forms: formIds.map((id) => ({ id, version: 1 })),
      calendar: { weekend: [0, 6], holidays: [] },
    },
    workflow: { steps, transitions },
    deadlines: [riskFollowUp],
    roles,
    locations: { levels: ['country'], root: { code: 'MD', name: label('Moldova'), level: 'country' } },
    optionLists: {},
    organisations: { agencies: [], teams: [] },
    demoUsers: [],
    security: {
      consent: {
        purposes: [{ id: 'data_sharing', label: label('Sharing') }],
        methods: ['written'],
        requiredFor: {},
        givers: [{ id: 'other', label: label('Other') }],
      },
      overrideReasonMinLength: 20,
      offline: { maxDays: 7, lockAfterMinutes: 15 },
    },
    notifications: { channels: [], digest: { enabled: false, hour: 6 }, templates: {} },
    services: { serviceTypes: [], providers: [] },
    reporting: {
      smallCellThreshold: 5,
      ageBands: [0, 5, 10, 15, 18],
      indicators: [],
      dashboards: [],
      schedules: [],
      caseExport: { fields: [] },
      deidentifiedExport: { fields: [] },
    },
    dataQuality: [],
    forms: [],
    plugins: [],
    ...overrides,
  };
}

let seq = 0;
export function submission(
  formId: string,
  answers: Record<string, unknown> = {},
  completedAt: Date | null = t0,
  status: 'draft' | 'complete' = 'complete',
): FormSubmissionSnapshot {
  return {
    id: `sub-${++seq}`,
    formId,
    formVersion: 1,
    status,
    answers,
    completedAt: status === 'complete' ? completedAt : null,
    firstCompletedAt: status === 'complete' ? completedAt : null,
  };
}

/** A snapshot whose history visits `steps` in order, one hour apart from t0. */
export function snapshot(steps: string[] = ['registration'], extra: Partial<CaseSnapshot> = {}): CaseSnapshot {
  const history: StepVisit[] = steps.map((s, i) => ({
    step: s,
    enteredAt: new Date(t0.getTime() + i * 3_600_000),
    leftAt: i < steps.length - 1 ? new Date(t0.getTime() + (i + 1) * 3_600_000) : null,
  }));
  const current = steps[steps.length - 1];
  return {
    id: 'case-1',
    caseType: 'child_protection',
    step: current,
    status: current === 'closed' ? 'closed' : current === 'paused' ? 'paused' : 'open',
    registeredAt: t0,
    createdBy: 'u-worker',
    assignedTo: 'u-worker',
    risk: null,
    stepHistory: history,
    submissions: [],
    pendingApproval: null,
    fields: {},
    transitionsDone: [],
    ...extra,
  };
}

export const worker: Actor = { userId: 'u-worker', roles: ['caseworker'] };
export const worker2: Actor = { userId: 'u-worker2', roles: ['caseworker', 'supervisor'] };
export const supervisor: Actor = { userId: 'u-super', roles: ['supervisor'] };
export const teacher: Actor = { userId: 'u-teacher', roles: ['teacher'] };
