import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  ANY_NODE,
  GraphWords,
  PREVIOUS_NODE,
  transitionsFrom,
  workflowGraph,
  WorkflowPack,
} from '../../apps/web/src/components/workflow-graph/workflow-graph-model';

const MOLDOVA = path.resolve(__dirname, '../../sops/moldova');
const read = (file: string) => JSON.parse(readFileSync(path.join(MOLDOVA, file), 'utf8'));

/** The Moldova pack as the files hold it (labels are English strings or translated objects). */
const moldova: WorkflowPack = { manifest: read('pack.json'), workflow: read('workflow.json'), deadlines: read('deadlines.json').deadlines };

const wordsIn = (locale: string): GraphWords => ({
  label: (l) => (typeof l === 'string' ? l : (l?.[locale] ?? l?.en ?? '')),
  duration: (d) => (d.days ? `${d.days} d` : `${d.hours} h`),
  anyNormalStep: locale === 'ar' ? 'أي خطوة عادية' : 'any normal step',
  previousStep: locale === 'ar' ? 'الخطوة السابقة' : 'the previous step',
});
const en = wordsIn('en');

describe('The workflow of a case type as a graph to draw', () => {
  it('Moldova child protection: every step a case can reach, labelled in words, the start step marked, final steps distinct', () => {
    const g = workflowGraph(moldova, 'child_protection', en);
    expect(g.caseTypeLabel).toBe('Child protection case');
    const steps = g.nodes.filter((n) => !n.id.startsWith('@'));
    expect(steps.map((n) => n.id).sort()).toEqual(
      [
        'registration',
        'initial_assessment',
        'emergency_placement',
        'specialised_assessment',
        'comprehensive_assessment',
        'case_planning',
        'implementation',
        'follow_up',
        'paused',
        'closed',
        'transferred',
      ].sort(),
    );
    // Notification steps belong to the other case type.
    expect(g.nodes.find((n) => n.id === 'notification_received')).toBeUndefined();
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    expect(byId.get('implementation')!.label).toBe('Implementation of the care plan');
    expect(g.nodes.filter((n) => n.start).map((n) => n.id)).toEqual(['registration']);
    expect(byId.get('closed')!.kind).toBe('terminal');
    expect(byId.get('transferred')!.kind).toBe('terminal');
    expect(byId.get('paused')!.kind).toBe('paused');
    for (const n of g.nodes) expect(n.label).not.toBe(n.id);
  });

  it('draws one edge per transition, labelled with its action; a transition from several steps merges them into one edge', () => {
    const g = workflowGraph(moldova, 'child_protection', en);
    const close = g.edges.find((e) => e.id === 'close_case')!;
    expect(close.label).toBe('Close the case');
    expect(close.target).toBe('closed');
    expect(close.sources).toEqual([
      'initial_assessment',
      'specialised_assessment',
      'comprehensive_assessment',
      'case_planning',
      'implementation',
      'follow_up',
      'paused',
    ]);
    expect(g.edges.filter((e) => e.id === 'close_case')).toHaveLength(1);
    expect(g.edges.find((e) => e.id === 'reopen_case')).toMatchObject({ sources: ['closed'], target: 'initial_assessment' });
    expect(g.edges.map((e) => e.id)).not.toContain('process_notification');
  });

  it('shows "from any normal step" and "back to the previous step" as nodes of their own, in words', () => {
    const g = workflowGraph(moldova, 'child_protection', en);
    expect(g.edges.find((e) => e.id === 'pause_case')).toMatchObject({ sources: [ANY_NODE], target: 'paused' });
    expect(g.edges.find((e) => e.id === 'resume_case')).toMatchObject({ sources: ['paused'], target: PREVIOUS_NODE });
    expect(g.nodes.find((n) => n.id === ANY_NODE)).toMatchObject({ label: 'any normal step', kind: 'any' });
    expect(g.nodes.find((n) => n.id === PREVIOUS_NODE)).toMatchObject({ label: 'the previous step', kind: 'previous' });
    // The text alternative lists a normal step's way to pause; a paused or final step has none.
    const from = (id: string) =>
      transitionsFrom(
        g,
        g.nodes.find((n) => n.id === id)!,
      ).map((e) => e.id);
    expect(from('case_planning')).toEqual(expect.arrayContaining(['implement_care_plan', 'close_case', 'transfer_case', 'pause_case']));
    expect(from('paused')).not.toContain('pause_case');
    expect(from('closed')).toEqual(['reopen_case']);
  });

  it('says which transitions have guards, with their messages, and which need an approval', () => {
    const g = workflowGraph(moldova, 'child_protection', en);
    const start = g.edges.find((e) => e.id === 'start_assessment')!;
    expect(start.guards.length).toBeGreaterThan(0);
    expect(start.guards.join(' ')).toContain('Consent must be given');
    expect(g.edges.find((e) => e.id === 'start_follow_up')!.guards).toEqual([]);
    expect(g.edges.find((e) => e.id === 'implement_care_plan')!.approval).toBe(true);
    expect(g.edges.find((e) => e.id === 'start_follow_up')!.approval).toBe(false);
  });

  it("puts a deadline on the step where what closes it is done, for the case type's deadlines only", () => {
    const g = workflowGraph(moldova, 'child_protection', en);
    const badges = (id: string) => g.nodes.find((n) => n.id === id)!.deadlines.map((d) => d.id);
    // Closed by submitting the comprehensive assessment form: worked at the step holding that form.
    expect(badges('comprehensive_assessment')).toContain('initial_response');
    expect(g.nodes.find((n) => n.id === 'comprehensive_assessment')!.deadlines.find((d) => d.id === 'initial_response')!.due).toEqual(['48 h', '5 d', '10 d']);
    // Closed by entering the emergency placement: worked at the step that leads there.
    expect(badges('initial_assessment')).toContain('emergency_placement_authorisation');
    expect(badges('emergency_placement')).not.toContain('emergency_placement_authorisation');
    // The notification's deadline is not on a child protection case.
    expect(g.nodes.flatMap((n) => n.deadlines.map((d) => d.id))).not.toContain('notification_processing');
    const notification = workflowGraph(moldova, 'notification', en);
    expect(notification.nodes.find((n) => n.id === 'notification_received')!.deadlines.map((d) => d.id)).toEqual(['notification_processing']);
  });

  it('words everything in the chosen language, and redraws a changed (draft) pack', () => {
    const draft: WorkflowPack = {
      manifest: { caseTypes: [{ id: 'incident', label: { en: 'Incident', ar: 'حادثة' }, startStep: 'open' }] },
      workflow: {
        steps: [
          { id: 'open', label: { en: 'Open', ar: 'مفتوحة' }, kind: 'normal' },
          { id: 'done', label: { en: 'Done', ar: 'منتهية' }, kind: 'terminal' },
          { id: 'orphan', label: { en: 'Never reached', ar: 'لا تُبلغ' }, kind: 'normal' },
        ],
        transitions: [
          {
            id: 'finish',
            label: { en: 'Finish', ar: 'إنهاء' },
            from: ['open'],
            to: 'done',
            roles: ['worker'],
            guards: [{ rule: { '!!': [{ var: 'x' }] }, message: { en: 'X is needed', ar: 'س مطلوب' } }],
          },
        ],
      },
      deadlines: [],
    };
    const g = workflowGraph(draft, 'incident', wordsIn('ar'));
    expect(g.caseTypeLabel).toBe('حادثة');
    expect(g.nodes.map((n) => n.label)).toEqual(['مفتوحة', 'منتهية']);
    expect(g.edges).toEqual([{ id: 'finish', label: 'إنهاء', sources: ['open'], target: 'done', guards: ['س مطلوب'], approval: false }]);

    // The draft gains a step: the graph follows.
    draft.workflow.transitions[0].to = 'orphan';
    expect(workflowGraph(draft, 'incident', en).nodes.map((n) => n.id)).toEqual(['open', 'orphan']);
    expect(() => workflowGraph(draft, 'unknown', en)).toThrow(/unknown/);
  });
});
