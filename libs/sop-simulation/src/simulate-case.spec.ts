import { DomainError } from '@app/core';
import { PluginCatalogue } from '@app/plugin-host';
import { moldovaFiles } from '../../../test/support/reference-pack';
import { INSTALLED_PLUGINS } from '../../../plugins';
import type { CompiledSop } from '@app/sop-registry';
import { compileInMemory } from './simulated-sop';
import { previewForm } from './role-view';
import { simulateCase } from './simulate-case';
import { SimulationErrorCode } from './simulation.errors';
import type { SimulationAction, SimulationCommand } from './simulation.types';

const catalogue = new PluginCatalogue(INSTALLED_PLUGINS);
const START = new Date('2026-03-02T08:00:00Z');
const REGISTRATION = { first_name: 'Ana', last_name: 'Rusu', sex: 'female', date_of_birth: '2016-05-01', consent_status: 'given', assent_status: 'given' };
const ASSESSMENT = (risk: string) => ({ assessment_date: '2026-03-02', risk_level: risk, summary: 'Bruises seen at school.' });
const HIGH_RISK: SimulationAction[] = [
  { kind: 'transition', role: 'caseworker', transition: 'start_assessment' },
  { kind: 'fill', role: 'caseworker', form: 'initial_assessment', answers: ASSESSMENT('high') },
];

async function compile(mutate?: (files: Record<string, any>) => void): Promise<CompiledSop> {
  const files: Record<string, any> = JSON.parse(JSON.stringify(await moldovaFiles()));
  mutate?.(files);
  const ids = (files['pack.json'].plugins ?? []).map((p: { id: string }) => p.id);
  return compileInMemory(files, catalogue.validateOptions(ids), { versionId: 0, version: 0 });
}

const run = (sop: CompiledSop, cmd: Partial<SimulationCommand> = {}, locale = 'en') =>
  simulateCase(sop, { caseType: 'child_protection', role: 'caseworker', answers: REGISTRATION, ...cmd }, START, locale, { kind: 'draft', id: 1 });

const hours = (iso: string) => (new Date(iso).getTime() - START.getTime()) / 3_600_000;

/** The simulation runs the engine on a pack held in memory: deadlines, alerts, messages, transitions and fields per role, no database. */
describe('simulateCase on the Moldova pack', () => {
  let moldova: CompiledSop;
  beforeAll(async () => {
    moldova = await compile();
  });

  it('registers at the start step and lists who may take which transition, with the guard message for a refusal', () => {
    const withoutConsent = run(moldova, { answers: { ...REGISTRATION, consent_status: 'refused' } });
    const first = withoutConsent.steps[0];
    expect(first.step).toEqual({ id: 'registration', label: expect.any(String) });
    const caseworker = first.transitions.find((r) => r.role === 'caseworker')!.transitions.find((t) => t.id === 'start_assessment')!;
    expect(caseworker.available).toBe(false);
    expect(caseworker.reasons.map((r) => r.message).join(' ')).toMatch(/Consent must be given/);
    const teacher = first.transitions.find((r) => r.role === 'teacher')!.transitions.find((t) => t.id === 'start_assessment')!;
    expect(teacher.reasons.map((r) => r.code)).toContain('role_not_allowed');

    const ok = run(moldova)
      .steps[0].transitions.find((r) => r.role === 'caseworker')!
      .transitions.find((t) => t.id === 'start_assessment')!;
    expect(ok).toMatchObject({ available: true, reasons: [] });
  });

  it('a high-risk assessment sets the response deadline 48 h after registration, with the escalation to the supervisor rendered', () => {
    const result = run(moldova, { actions: HIGH_RISK });
    const last = result.steps[2];
    expect(last).toMatchObject({ step: { id: 'initial_assessment' }, risk: 'high' });
    const response = last.deadlines.set.find((d) => d.deadline === 'initial_response')!;
    expect(hours(response.dueAt)).toBe(48);
    const escalation = last.alerts.find(
      (a) => a.deadlineKey === response.key && a.kind === 'escalation' && a.messages.some((m) => m.notify === 'case_owner_supervisor'),
    )!;
    const toSupervisor = escalation.messages.find((m) => m.notify === 'case_owner_supervisor')!;
    expect(toSupervisor.roles.map((r) => r.id)).toEqual(['supervisor']);
    expect(toSupervisor.channels).toEqual(['inbox', 'email']);
    expect(toSupervisor.subject).not.toBe('');
    const reminder = last.alerts.find((a) => a.deadlineKey === response.key && a.kind === 'reminder')!;
    expect(reminder.messages[0]).toMatchObject({ notify: 'case_owner', roles: [{ id: 'caseworker' }] });
    // The registration alone has no risk yet: the risk-based deadline is not set.
    expect(result.steps[0].deadlines.all.map((d) => d.deadline)).not.toContain('initial_response');
  });

  it('follows a draft edit: the same case on a pack with 24 h for high risk gets 24 h', async () => {
    const edited = await compile((files) => {
      files['deadlines.json'].deadlines.find((d: any) => d.id === 'initial_response').due[0].after = { hours: 24 };
    });
    const response = run(edited, { actions: HIGH_RISK }).steps[2].deadlines.all.find((d) => d.deadline === 'initial_response')!;
    expect(hours(response.dueAt)).toBe(24);
  });

  it('medium risk gets 5 days, and a later action is reported at its own simulated time', () => {
    const later = new Date(START.getTime() + 3 * 3_600_000).toISOString();
    const result = run(moldova, {
      actions: [HIGH_RISK[0], { kind: 'fill', role: 'caseworker', form: 'initial_assessment', answers: ASSESSMENT('medium'), at: later }],
    });
    const response = result.steps[2].deadlines.all.find((d) => d.deadline === 'initial_response')!;
    expect(hours(response.dueAt)).toBe(120);
    expect(response.hoursAfterAction).toBe(117);
    expect(result.steps[2].at).toBe(later);
  });

  it('shows per role which answered fields it may see: the teacher never the health-relevant or sensitive ones', () => {
    const last = run(moldova, { actions: HIGH_RISK, viewers: ['caseworker', 'teacher'] }).steps[2];
    const teacher = last.fields.find((f) => f.role === 'teacher')!;
    const caseworker = last.fields.find((f) => f.role === 'caseworker')!;
    expect(teacher.forms.registration.first_name).toBe('read');
    expect(teacher.forms.registration.idnp).toBe('hidden');
    expect(teacher.forms.initial_assessment.summary).toBe('hidden');
    expect(caseworker.forms.initial_assessment.summary).toBe('fill');
  });

  it('refuses an action the workflow refuses, naming the action and the reasons', () => {
    const refused = (() => {
      try {
        run(moldova, { actions: [{ kind: 'transition', role: 'teacher', transition: 'start_assessment' }] });
      } catch (e) {
        return e as DomainError;
      }
    })();
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused!.code).toBe(SimulationErrorCode.ActionRefused);
    expect(refused!.extra).toMatchObject({ action: 1, reasons: [expect.objectContaining({ code: 'role_not_allowed' })] });
    expect(() => run(moldova, { role: 'nobody' })).toThrow(expect.objectContaining({ code: SimulationErrorCode.UnknownRole }));
    expect(() => run(moldova, { answers: { first_name: 'Ana' } })).toThrow(expect.objectContaining({ code: 'answers_invalid' }));
  });

  it('refuses a pack that does not validate, naming its errors, and names the unknown role of an action', async () => {
    await expect(
      compile((files) => {
        files['deadlines.json'].deadlines[0].anchor = { event: 'no_such_event' };
      }),
    ).rejects.toMatchObject({
      code: SimulationErrorCode.PackInvalid,
      extra: { errors: [expect.objectContaining({ path: expect.stringContaining('deadlines.json') })] },
    });
    expect(() => run(moldova, { actions: [{ kind: 'transition', role: 'wizard', transition: 'start_assessment' }] })).toThrow(
      expect.objectContaining({ code: SimulationErrorCode.UnknownRole, extra: { errors: [{ path: '/actions/0/role', message: 'unknown role' }] } }),
    );
  });

  it('previews the registration form as two roles: labels in the language, what the teacher may not see is hidden', () => {
    const caseworker = previewForm(moldova, 'registration', 'caseworker', { locale: 'fr' });
    const teacher = previewForm(moldova, 'registration', 'teacher', { locale: 'fr' });
    const access = (p: typeof teacher) => Object.fromEntries(p.fields.map((f) => [f.field, f.access]));
    expect(access(caseworker).caregiver_phone).not.toBe('hidden');
    expect(access(teacher).caregiver_phone).toBe('hidden');
    expect(access(teacher).first_name).toBe('read');
    expect(teacher.fields.find((f) => f.field === 'sex')!.label).toBe('Sexe');
    expect(Object.keys((teacher.schema as any).properties)).not.toContain('caregiver_phone');
  });
});
