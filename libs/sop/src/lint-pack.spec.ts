import { lintPack, validatePack } from '@app/sop';
import { miniFiles } from './testing';

type Files = Record<string, any>;

async function lint(mutate?: (f: Files) => void) {
  const { pack, issues } = validatePack(await miniFiles(mutate));
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  return lintPack(pack!);
}

const step = (id: string, kind = 'normal') => ({ id, label: { en: id, fr: id }, kind });
const transition = (id: string, from: string[] | '*', to: string, roles = ['caseworker']) => ({ id, label: { en: id, fr: id }, from, to, roles });

describe('lintPack', () => {
  it('finds nothing wrong with the mini pack', async () => {
    expect(await lint()).toEqual([]);
  });

  const cases: Array<[string, (f: Files) => void, string, string, string, 'error' | 'warning']> = [
    [
      'unreachable step',
      (f) => {
        f['workflow.json'].steps.push(step('review'));
        f['workflow.json'].transitions.push(transition('finish_review', ['review'], 'closed'));
      },
      'workflow.json',
      '$.steps[4]',
      'unreachable_step',
      'error',
    ],
    [
      'non-terminal step with no way out',
      (f) => {
        f['workflow.json'].steps.push(step('limbo', 'paused'));
        f['workflow.json'].transitions.push(transition('to_limbo', ['assessment'], 'limbo'));
      },
      'workflow.json',
      '$.steps[4]',
      'dead_end_step',
      'error',
    ],
    ['paused step that cannot resume', (f) => (f['workflow.json'].transitions[3].to = 'closed'), 'workflow.json', '$.steps[2]', 'paused_no_resume', 'warning'],
    [
      'approval by the same roles that perform',
      (f) => (f['workflow.json'].transitions[1].approval.roles = ['caseworker']),
      'workflow.json',
      '$.transitions[1].approval.roles',
      'self_approval',
      'warning',
    ],
    [
      'deadline nobody is told about',
      (f) => {
        delete f['deadlines.json'].deadlines[1].reminders;
      },
      'deadlines.json',
      '$.deadlines[1]',
      'deadline_no_recipient',
      'error',
    ],
    [
      'deadline closing on a form nobody can fill',
      (f) => {
        f['deadlines.json'].deadlines[0].closeOn.push({ event: 'form_submitted', form: 'closure' });
        f['roles.json'].roles[0].rules[2].fields = ['registration', 'assessment'];
        f['workflow.json'].transitions[1].requiresForms = [];
        f['workflow.json'].steps[1].forms.push({ form: 'closure', use: 'optional' });
      },
      'deadlines.json',
      '$.deadlines[0].closeOn[1]',
      'deadline_close_unreachable',
      'warning',
    ],
    [
      'deadline that can never be met',
      (f) => {
        f['deadlines.json'].deadlines[1].closeOn = [{ event: 'step_left', step: 'closed' }];
      },
      'deadlines.json',
      '$.deadlines[1].closeOn',
      'deadline_never_met',
      'error',
    ],
    ['form used nowhere', (f) => (f['workflow.json'].transitions[1].requiresForms = []), 'pack.json', '$.forms[2]', 'unused_form', 'warning'],
    [
      'required form nobody can fill',
      (f) => (f['roles.json'].roles[0].rules[2].fields = ['registration', 'assessment']),
      'pack.json',
      '$.forms[2]',
      'form_nobody_can_fill',
      'error',
    ],
    [
      'required form only excluded',
      (f) => (f['roles.json'].roles[0].rules[2].fields = ['*', '!closure']),
      'pack.json',
      '$.forms[2]',
      'form_nobody_can_fill',
      'error',
    ],
    [
      'option list unused',
      (f) => (f['option-lists.json'].optionLists.colours = [{ value: 'red', label: { en: 'Red', fr: 'Rouge' } }]),
      'option-lists.json',
      '$.optionLists.colours',
      'unused_option_list',
      'warning',
    ],
    [
      'role that can do nothing',
      (f) => f['roles.json'].roles.push({ id: 'visitor', label: { en: 'Visitor', fr: 'Visiteur' }, rules: [] }),
      'roles.json',
      '$.roles[3]',
      'role_does_nothing',
      'warning',
    ],
    ['case type nobody may create', (f) => f['roles.json'].roles[0].rules.shift(), 'pack.json', '$.caseTypes[0]', 'case_type_nobody_creates', 'warning'],
    [
      'creator who cannot fill the start form',
      (f) => f['roles.json'].roles[1].rules.push({ action: 'create', subject: 'case' }),
      'roles.json',
      '$.roles[1].rules',
      'creator_cannot_fill_start_form',
      'warning',
    ],
    [
      '@previous from a step that is not paused',
      (f) => f['workflow.json'].transitions.push(transition('undo', ['assessment'], '@previous')),
      'workflow.json',
      '$.transitions[4].to',
      'previous_from_unpaused',
      'warning',
    ],
    ['label missing a translation', (f) => delete f['workflow.json'].steps[0].label.fr, 'workflow.json', '$.steps[0].label', 'missing_translation', 'warning'],
    [
      'template no deadline names',
      (f) => {
        f['templates/visit_alert/en.subject.hbs'] = 'Case {{case.number}}';
        f['templates/visit_alert/en.text.hbs'] = '{{case.link}}';
        f['templates/visit_alert/fr.subject.hbs'] = 'Dossier {{case.number}}';
        f['templates/visit_alert/fr.text.hbs'] = '{{case.link}}';
      },
      'templates/visit_alert/en.subject.hbs',
      '$',
      'unused_template',
      'warning',
    ],
    [
      'template missing a pack language',
      (f) => {
        f['templates/deadline_reminder/en.subject.hbs'] = 'Case {{case.number}}';
        f['templates/deadline_reminder/en.text.hbs'] = '{{case.link}}';
      },
      'templates/deadline_reminder/en.subject.hbs',
      '$',
      'missing_translation',
      'warning',
    ],
  ];

  it.each(cases)('%s', async (_name, mutate, file, path, code, severity) => {
    const issues = await lint(mutate);
    expect(issues).toContainEqual(expect.objectContaining({ file, path, code, severity }));
  });

  it('reports transitions whose roles do not exist (on a pack changed after validation)', async () => {
    const { pack } = validatePack(await miniFiles());
    pack!.workflow.transitions[3].roles = ['ghost'];
    expect(lintPack(pack!)).toContainEqual(
      expect.objectContaining({ file: 'workflow.json', path: '$.transitions[3].roles', code: 'transition_unperformable', severity: 'error' }),
    );
  });

  it('counts start steps as reached and "*" transitions as leaving every normal step', async () => {
    const issues = await lint((f) => {
      f['workflow.json'].steps.push(step('intake'));
      f['pack.json'].caseTypes.push({ ...f['pack.json'].caseTypes[0], id: 'referral', startStep: 'intake' });
      f['roles.json'].roles[0].rules[0].conditions.caseType = ['child_protection', 'referral'];
    });
    expect(issues).toEqual([]);
  });
});
