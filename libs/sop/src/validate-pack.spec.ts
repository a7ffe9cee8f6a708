import { PackInvalidError, packFromFiles, validatePack } from '@app/sop';
import { DEFAULT_TEMPLATES } from '@app/templates';
import { miniFiles } from './testing';

type Files = Record<string, any>;

async function issuesOf(mutate: (f: Files) => void) {
  return validatePack(await miniFiles(mutate)).issues;
}

describe('validatePack', () => {
  it('accepts the mini pack and assembles it', async () => {
    const { pack, issues } = validatePack(await miniFiles());
    expect(issues).toEqual([]);
    expect(pack!.manifest.id).toBe('mini');
    expect(pack!.forms).toHaveLength(3);
    expect(pack!.demoUsers).toHaveLength(3);
    expect(Object.keys(pack!.optionLists)).toEqual(['risk_levels', 'sexes', 'needs']);
  });

  it('defaults optional files', async () => {
    const { pack, issues } = validatePack(
      await miniFiles((f) => {
        delete f['demo-users.json'];
        delete f['organisations.json'];
      }),
    );
    expect(issues).toEqual([]);
    expect(pack!.demoUsers).toEqual([]);
    expect(pack!.organisations).toEqual({ agencies: [], teams: [] });
    expect(pack!.notifications).toEqual({ channels: [], digest: { enabled: false, hour: 6 }, templates: DEFAULT_TEMPLATES });
  });

  describe('schema validation', () => {
    it('names the file and JSON path in plain language', async () => {
      const issues = await issuesOf((f) => {
        f['workflow.json'].transitions[3].to = 5;
        delete f['workflow.json'].steps[0].kind;
        f['workflow.json'].steps[1].colour = 'red';
        f['workflow.json'].transitions[0].from = 'registration';
        f['deadlines.json'].deadlines[0].anchor = { event: 'step_entered' };
        f['pack.json'].name = { EN: 'x' };
        f['roles.json'].roles[0].rules[1].conditions = { assignedTo: 'me' };
      });
      const lines = issues.map((i) => `${i.file} ${i.path}: ${i.message}`);
      expect(lines).toEqual(
        expect.arrayContaining([
          'workflow.json $.transitions[3].to: must be text (a string)',
          'workflow.json $.steps[0].kind: is required',
          'workflow.json $.steps[1].colour: unknown property "colour" (check the spelling; this property is not part of the format; allowed here: id, label, kind, forms)',
          'workflow.json $.transitions[0].from: must be "*" (every normal step) or a list of step ids',
          'deadlines.json $.deadlines[0].anchor.step: is required',
          'pack.json $.name: has an invalid key "EN" (keys must be locale codes such as "en" or "fr")',
          'roles.json $.roles[0].rules[1].conditions.assignedTo: must be "$user"',
        ]),
      );
      expect(lines).toHaveLength(7);
      expect(issues.every((i) => i.code === 'schema' && i.severity === 'error')).toBe(true);
    });

    it('reports missing required files and missing form files', async () => {
      const issues = await issuesOf((f) => {
        delete f['roles.json'];
        delete f['forms/closure.v1.json'];
      });
      expect(issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: 'roles.json', path: '$', code: 'missing_file' }),
          expect.objectContaining({ file: 'pack.json', path: '$.forms[2]', code: 'missing_form_file' }),
        ]),
      );
    });

    it('validates form files and their id/version', async () => {
      const issues = await issuesOf((f) => {
        f['forms/closure.v1.json'].id = 'closing';
        f['forms/assessment.v1.json'].schema.type = 'array';
      });
      expect(issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: 'forms/closure.v1.json', path: '$.id', code: 'form_id_mismatch' }),
          expect.objectContaining({ file: 'forms/assessment.v1.json', path: '$.schema.type', code: 'schema', message: 'must be "object"' }),
        ]),
      );
    });
  });

  describe('reference checks', () => {
    const cases: Array<[string, (f: Files) => void, string, string, string]> = [
      ['transition to an unknown step', (f) => (f['workflow.json'].transitions[0].to = 'nowhere'), 'workflow.json', '$.transitions[0].to', 'unknown_step'],
      [
        'transition from an unknown step',
        (f) => (f['workflow.json'].transitions[1].from = ['assessment', 'x']),
        'workflow.json',
        '$.transitions[1].from[1]',
        'unknown_step',
      ],
      ['unknown start step', (f) => (f['pack.json'].caseTypes[0].startStep = 'x'), 'pack.json', '$.caseTypes[0].startStep', 'unknown_step'],
      ['unknown start form', (f) => (f['pack.json'].caseTypes[0].startForm = 'x'), 'pack.json', '$.caseTypes[0].startForm', 'unknown_form'],
      ['step form not listed', (f) => (f['workflow.json'].steps[1].forms[0].form = 'visit'), 'workflow.json', '$.steps[1].forms[0].form', 'unknown_form'],
      [
        'required form not listed',
        (f) => f['workflow.json'].transitions[1].requiresForms.push('visit'),
        'workflow.json',
        '$.transitions[1].requiresForms[1]',
        'unknown_form',
      ],
      [
        'rule granting a form not listed',
        (f) => f['roles.json'].roles[0].rules[2].fields.push('visit'),
        'roles.json',
        '$.roles[0].rules[2].fields[3]',
        'unknown_form',
      ],
      [
        'a referral condition on a case rule (it would open the case, not the shared sections)',
        (f) => (f['roles.json'].roles[0].rules[1].conditions = { referredTo: '$user.agency' }),
        'roles.json',
        '$.roles[0].rules[1].conditions.referredTo',
        'condition_not_applicable',
      ],
      [
        'rule excluding a form not listed',
        (f) => (f['roles.json'].roles[1].rules[1].fields[0] = '!visit'),
        'roles.json',
        '$.roles[1].rules[1].fields[0]',
        'unknown_form',
      ],
      [
        'action unknown for the subject',
        (f) => (f['roles.json'].roles[0].rules[1].action = 'fill'),
        'roles.json',
        '$.roles[0].rules[1].action',
        'unknown_action',
      ],
      ['form rule without fields', (f) => delete f['roles.json'].roles[0].rules[2].fields, 'roles.json', '$.roles[0].rules[2]', 'fields_required'],
      [
        'fields on a case rule',
        (f) => (f['roles.json'].roles[0].rules[1].fields = ['registration']),
        'roles.json',
        '$.roles[0].rules[1].fields',
        'fields_not_allowed',
      ],
      [
        'create restricted by something a new case lacks',
        (f) => (f['roles.json'].roles[0].rules[0].conditions.step = 'assessment'),
        'roles.json',
        '$.roles[0].rules[0].conditions.step',
        'condition_not_applicable',
      ],
      [
        'condition naming an unknown step',
        (f) => (f['roles.json'].roles[0].rules[1].conditions.step = ['assessment', 'triage']),
        'roles.json',
        '$.roles[0].rules[1].conditions.step[1]',
        'unknown_step',
      ],
      [
        'identity path naming a missing field',
        (f) => (f['pack.json'].caseTypes[0].identity.name = ['registration.first_name']),
        'pack.json',
        '$.caseTypes[0].identity.name[0]',
        'unknown_field',
      ],
      [
        'risk field of an unlisted form',
        (f) => (f['pack.json'].caseTypes[0].riskField = 'triage.risk'),
        'pack.json',
        '$.caseTypes[0].riskField',
        'unknown_form',
      ],
      ['risk field without a field', (f) => (f['pack.json'].caseTypes[0].riskField = 'assessment'), 'pack.json', '$.caseTypes[0].riskField', 'bad_field_path'],
      [
        'unknown transition role',
        (f) => (f['workflow.json'].transitions[0].roles = ['caseworker', 'teacher']),
        'workflow.json',
        '$.transitions[0].roles[1]',
        'unknown_role',
      ],
      [
        'unknown approval role',
        (f) => (f['workflow.json'].transitions[1].approval.roles = ['boss']),
        'workflow.json',
        '$.transitions[1].approval.roles[0]',
        'unknown_role',
      ],
      ['unknown demo user role', (f) => (f['demo-users.json'].users[0].roles = ['boss']), 'demo-users.json', '$.users[0].roles[0]', 'unknown_role'],
      [
        'unknown deadline recipient',
        (f) => (f['deadlines.json'].deadlines[0].escalation[0].notify[1] = 'boss'),
        'deadlines.json',
        '$.deadlines[0].escalation[0].notify[1]',
        'unknown_role',
      ],
      [
        'unknown option list',
        (f) => (f['forms/assessment.v1.json'].schema.properties.risk_level['x-optionList'] = 'risks'),
        'forms/assessment.v1.json',
        "$.schema.properties.risk_level['x-optionList']",
        'unknown_option_list',
      ],
      [
        'option label missing a locale',
        (f) => delete f['option-lists.json'].optionLists.sexes[1].label.fr,
        'option-lists.json',
        '$.optionLists.sexes[1].label',
        'missing_translation',
      ],
      [
        'duplicate option value',
        (f) => (f['option-lists.json'].optionLists.sexes[1].value = 'female'),
        'option-lists.json',
        '$.optionLists.sexes[1].value',
        'duplicate_option',
      ],
      [
        'deadline anchor on an unknown step',
        (f) => (f['deadlines.json'].deadlines[0].anchor.step = 'x'),
        'deadlines.json',
        '$.deadlines[0].anchor.step',
        'unknown_step',
      ],
      [
        'deadline anchor on an unlisted form',
        (f) => (f['deadlines.json'].deadlines[0].anchor = { event: 'form_submitted', form: 'x' }),
        'deadlines.json',
        '$.deadlines[0].anchor.form',
        'unknown_form',
      ],
      [
        'deadline closing on an unknown transition',
        (f) => (f['deadlines.json'].deadlines[1].closeOn[0].transition = 'x'),
        'deadlines.json',
        '$.deadlines[1].closeOn[0].transition',
        'unknown_transition',
      ],
      [
        'deadline closing on an unknown step',
        (f) => (f['deadlines.json'].deadlines[1].closeOn[0] = { event: 'step_left', step: 'x' }),
        'deadlines.json',
        '$.deadlines[1].closeOn[0].step',
        'unknown_step',
      ],
      [
        'date_answer on a non-date field',
        (f) => (f['deadlines.json'].deadlines[1].anchor.field = 'risk_level'),
        'deadlines.json',
        '$.deadlines[1].anchor.field',
        'not_a_date_field',
      ],
      [
        'referral deadline for an unknown service type',
        (f) => (f['deadlines.json'].deadlines[0].anchor = { event: 'referral_sent', serviceTypes: ['astrology'] }),
        'deadlines.json',
        '$.deadlines[0].anchor.serviceTypes[0]',
        'unknown_service_type',
      ],
      [
        'referral answer closing a deadline not about a referral',
        (f) => (f['deadlines.json'].deadlines[1].closeOn[0] = { event: 'referral_responded' }),
        'deadlines.json',
        '$.deadlines[1].closeOn[0].event',
        'close_needs_referral_anchor',
      ],
      [
        'date_answer on a missing field',
        (f) => (f['deadlines.json'].deadlines[1].anchor.field = 'visit_on'),
        'deadlines.json',
        '$.deadlines[1].anchor.field',
        'unknown_field',
      ],
      [
        'deadline for an unknown case type',
        (f) => (f['deadlines.json'].deadlines[1].caseTypes = ['adoption']),
        'deadlines.json',
        '$.deadlines[1].caseTypes[0]',
        'unknown_case_type',
      ],
      [
        'demo user at an unknown location',
        (f) => (f['demo-users.json'].users[1].location = 'XX-E'),
        'demo-users.json',
        '$.users[1].location',
        'unknown_location',
      ],
      [
        'demo user in an unknown agency',
        (f) => {
          f['demo-users.json'].users[1].agency = 'south_office';
          delete f['demo-users.json'].users[1].team;
        },
        'demo-users.json',
        '$.users[1].agency',
        'unknown_agency',
      ],
      ['demo user in an unknown team', (f) => (f['demo-users.json'].users[1].team = 'south_team'), 'demo-users.json', '$.users[1].team', 'unknown_team'],
      [
        'demo user in a team of another agency',
        (f) => {
          f['organisations.json'].agencies.push({ id: 'south_office', name: { en: 'S' }, location: 'XX-S' });
          f['demo-users.json'].users[1].agency = 'south_office';
        },
        'demo-users.json',
        '$.users[1].team',
        'team_agency_mismatch',
      ],
      [
        'duplicate location code',
        (f) => (f['locations.json'].root.children[1].code = 'XX-N'),
        'locations.json',
        '$.root.children[1].code',
        'duplicate_location',
      ],
      [
        'location level not declared',
        (f) => (f['locations.json'].root.children[1].level = 'region'),
        'locations.json',
        '$.root.children[1].level',
        'unknown_level',
      ],
      ['team of an unknown agency', (f) => (f['organisations.json'].teams[0].agency = 'x'), 'organisations.json', '$.teams[0].agency', 'unknown_agency'],
      [
        'agency at an unknown location',
        (f) => (f['organisations.json'].agencies[0].location = 'x'),
        'organisations.json',
        '$.agencies[0].location',
        'unknown_location',
      ],
      [
        'field of an unlisted form',
        (f) => (f['roles.json'].roles[1].rules[1].fields = ['health.findings']),
        'roles.json',
        '$.roles[1].rules[1].fields[0]',
        'unknown_form',
      ],
      [
        'field that does not exist',
        (f) => (f['roles.json'].roles[1].rules[1].fields = ['!assessment.findings']),
        'roles.json',
        '$.roles[1].rules[1].fields[0]',
        'unknown_field',
      ],
      [
        'service provider in an unknown location',
        (f) =>
          (f['services.json'] = {
            serviceTypes: [{ id: 'health', label: { en: 'H' } }],
            providers: [{ id: 'p1', name: { en: 'P' }, serviceTypes: ['health'], locations: ['NOWHERE'] }],
          }),
        'services.json',
        '$.providers[0].locations[0]',
        'unknown_location',
      ],
      [
        'service provider offering an undeclared service type',
        (f) => (f['services.json'] = { serviceTypes: [], providers: [{ id: 'p1', name: { en: 'P' }, serviceTypes: ['legal'], locations: ['XX'] }] }),
        'services.json',
        '$.providers[0].serviceTypes[0]',
        'unknown_service_type',
      ],
      [
        'referral must share a form it may not',
        (f) =>
          (f['services.json'] = { serviceTypes: [{ id: 'health', label: { en: 'H' }, referral: { minForms: ['assessment'], maxForms: ['registration'] } }] }),
        'services.json',
        '$.serviceTypes[0].referral.minForms[0]',
        'min_not_in_max',
      ],
      [
        'provider on the platform without an agency',
        (f) =>
          (f['services.json'] = {
            serviceTypes: [{ id: 'health', label: { en: 'H' } }],
            providers: [{ id: 'p1', name: { en: 'P' }, serviceTypes: ['health'], locations: ['XX'], usesPlatform: true }],
          }),
        'services.json',
        '$.providers[0].agency',
        'agency_required',
      ],
      [
        'follow-up question label missing a pack language',
        (f) => (f['services.json'] = { followUpQuestions: [{ id: 'ok', type: 'boolean', label: { en: 'All right?' } }] }),
        'services.json',
        '$.followUpQuestions[0].label',
        'missing_translation',
      ],
      [
        'follow-up option question without choices',
        (f) => (f['services.json'] = { followUpQuestions: [{ id: 'satisfied', type: 'option', label: { en: 'Satisfied?', fr: 'Satisfait ?' } }] }),
        'services.json',
        '$.followUpQuestions[0].options',
        'options_required',
      ],
      [
        'follow-up question naming an unknown option list',
        (f) =>
          (f['services.json'] = {
            followUpQuestions: [{ id: 'satisfied', type: 'option', label: { en: 'Satisfied?', fr: 'Satisfait ?' }, optionList: 'satisfaction' }],
          }),
        'services.json',
        '$.followUpQuestions[0].optionList',
        'unknown_option_list',
      ],
      [
        'follow-up yes/no question with choices',
        (f) => (f['services.json'] = { followUpQuestions: [{ id: 'ok', type: 'boolean', label: { en: 'OK?', fr: 'OK ?' }, optionList: 'sexes' }] }),
        'services.json',
        '$.followUpQuestions[0].optionList',
        'options_not_allowed',
      ],
      [
        'follow-up question declared twice',
        (f) =>
          (f['services.json'] = {
            followUpQuestions: [
              { id: 'satisfied', type: 'option', label: { en: 'Satisfied?', fr: 'Satisfait ?' }, optionList: 'sexes' },
              { id: 'satisfied', type: 'option', label: { en: 'Satisfied?', fr: 'Satisfait ?' }, optionList: 'sexes' },
            ],
          }),
        'services.json',
        '$.followUpQuestions[1].id',
        'duplicate_id',
      ],
      [
        'follow-up option offered twice',
        (f) =>
          (f['services.json'] = {
            followUpQuestions: [
              {
                id: 'satisfied',
                type: 'option',
                label: { en: 'Satisfied?', fr: 'Satisfait ?' },
                options: [
                  { value: 'y', label: { en: 'Y', fr: 'O' } },
                  { value: 'y', label: { en: 'Yes', fr: 'Oui' } },
                ],
              },
            ],
          }),
        'services.json',
        '$.followUpQuestions[0].options[1].value',
        'duplicate_option',
      ],
      [
        'follow-up question asked at an unknown moment',
        (f) => (f['services.json'] = { followUpQuestions: [{ id: 'ok', type: 'boolean', label: { en: 'OK?', fr: 'OK ?' }, askedWhen: 'sometimes' }] }),
        'services.json',
        '$.followUpQuestions[0].askedWhen',
        'schema',
      ],
      [
        'follow-up question of an unknown type',
        (f) => (f['services.json'] = { followUpQuestions: [{ id: 'when', type: 'date', label: { en: 'When?', fr: 'Quand ?' } }] }),
        'services.json',
        '$.followUpQuestions[0].type',
        'schema',
      ],
      [
        'consent purpose required but not declared',
        (f) => (f['security.json'] = { consent: { purposes: [{ id: 'services', label: { en: 'S' } }], requiredFor: { share: 'data_sharing' } } }),
        'security.json',
        '$.consent.requiredFor.share',
        'unknown_consent_purpose',
      ],
      ['duplicate step id', (f) => f['workflow.json'].steps.push({ ...f['workflow.json'].steps[1] }), 'workflow.json', '$.steps[4].id', 'duplicate_id'],
      ['duplicate transition id', (f) => (f['workflow.json'].transitions[3].id = 'pause'), 'workflow.json', '$.transitions[3].id', 'duplicate_id'],
      [
        'duplicate form id',
        (f) => {
          f['pack.json'].forms.push({ id: 'closure', version: 2 });
          f['forms/closure.v2.json'] = { ...f['forms/closure.v1.json'], version: 2 };
        },
        'pack.json',
        '$.forms[3].id',
        'duplicate_id',
      ],
      ['duplicate role id', (f) => f['roles.json'].roles.push({ ...f['roles.json'].roles[0] }), 'roles.json', '$.roles[3].id', 'duplicate_id'],
      ['duplicate deadline id', (f) => (f['deadlines.json'].deadlines[1].id = 'assessment_due'), 'deadlines.json', '$.deadlines[1].id', 'duplicate_id'],
      [
        'unknown effect type',
        (f) => (f['workflow.json'].transitions[1].effects[0].type = 'send_fax'),
        'workflow.json',
        '$.transitions[1].effects[0].type',
        'unknown_effect',
      ],
      [
        'effect without its field',
        (f) => delete f['workflow.json'].transitions[1].effects[0].field,
        'workflow.json',
        '$.transitions[1].effects[0].field',
        'invalid_effect',
      ],
      [
        'guard with an unknown operator',
        (f) => (f['workflow.json'].transitions[1].guards[0].rule = { and: [true, { bogus: 1 }] }),
        'workflow.json',
        '$.transitions[1].guards[0].rule.and[1].bogus',
        'unknown_operator',
      ],
      [
        'deadline condition with an unknown operator',
        (f) => (f['deadlines.json'].deadlines[0].when = { bogus: [] }),
        'deadlines.json',
        '$.deadlines[0].when.bogus',
        'unknown_operator',
      ],
      [
        'due condition with an unknown operator',
        (f) => (f['deadlines.json'].deadlines[0].due[0].when = { bogus: [] }),
        'deadlines.json',
        '$.deadlines[0].due[0].when.bogus',
        'unknown_operator',
      ],
      [
        'set_case_field value with an unknown operator',
        (f) => (f['workflow.json'].transitions[1].effects[0].value = { bogus: 1 }),
        'workflow.json',
        '$.transitions[1].effects[0].value.bogus',
        'unknown_operator',
      ],
      [
        'unknown case number token',
        (f) => (f['pack.json'].caseTypes[0].caseNumberFormat = 'XX-{year}-{seq:4}'),
        'pack.json',
        '$.caseTypes[0].caseNumberFormat',
        'case_number_format',
      ],
      [
        'case number location token not among the levels',
        (f) => (f['pack.json'].caseTypes[0].caseNumberFormat = 'XX-{region}-{seq:4}'),
        'pack.json',
        '$.caseTypes[0].caseNumberFormat',
        'case_number_format',
      ],
      [
        'case number without a sequence',
        (f) => (f['pack.json'].caseTypes[0].caseNumberFormat = 'XX-{district}-{yyyy}'),
        'pack.json',
        '$.caseTypes[0].caseNumberFormat',
        'case_number_format',
      ],
      ['default locale not among the locales', (f) => (f['pack.json'].defaultLocale = 'ro'), 'pack.json', '$.defaultLocale', 'unknown_locale'],
      [
        'role creating an unknown case type',
        (f) => (f['roles.json'].roles[0].rules[0].conditions.caseType = 'adoption'),
        'roles.json',
        '$.roles[0].rules[0].conditions.caseType',
        'unknown_case_type',
      ],
      [
        'form schema that does not compile',
        (f) => (f['forms/closure.v1.json'].schema.properties.notes.maxLenght = 3),
        'forms/closure.v1.json',
        '$.schema',
        'form_schema',
      ],
      [
        'form with an unknown format',
        (f) => (f['forms/closure.v1.json'].schema.properties.notes.format = 'colour'),
        'forms/closure.v1.json',
        '$.schema',
        'form_schema',
      ],
    ];

    it.each(cases)('%s', async (_name, mutate, file, path, code) => {
      const { pack, issues } = validatePack(await miniFiles(mutate));
      expect(pack).toBeUndefined();
      expect(issues).toContainEqual(expect.objectContaining({ file, path, code, severity: 'error' }));
      // Each case introduces exactly one problem.
      expect(issues.filter((i) => i.severity === 'error')).toHaveLength(1);
    });

    it('accepts @previous, case_owner recipients and location-level tokens', async () => {
      const { issues } = validatePack(
        await miniFiles((f) => {
          f['pack.json'].caseTypes[0].caseNumberFormat = '{country}-{district}-{type}-{yy}{mm}-{seq:6}';
        }),
      );
      expect(issues).toEqual([]);
    });

    it('messages are plain language', async () => {
      const issues = await issuesOf((f) => (f['workflow.json'].transitions[0].to = 'nowhere'));
      expect(issues[0].message).toBe('step "nowhere" does not exist in workflow.json');
    });
  });

  describe('notifications and templates', () => {
    /** A valid custom template (en + fr) used by the follow_up reminder. */
    const withTemplates = (f: Files) => {
      f['notifications.json'] = { channels: ['email'], digest: { enabled: true, hour: 5 }, templates: { visit_alert: { answers: ['assessment.risk_level'] } } };
      f['templates/visit_alert/en.subject.hbs'] = 'Visit due for case {{case.number}}';
      f['templates/visit_alert/en.text.hbs'] = 'Risk: {{answers.assessment.risk_level}}\n{{case.link}}';
      f['templates/visit_alert/en.html.hbs'] = '<p>Risk: {{answers.assessment.risk_level}}</p>';
      f['templates/visit_alert/fr.subject.hbs'] = 'Visite due pour le dossier {{case.number}}';
      f['templates/visit_alert/fr.text.hbs'] = 'Risque : {{answers.assessment.risk_level}}';
      f['deadlines.json'].deadlines[1].reminders[0].template = 'visit_alert';
    };
    const T = 'templates/visit_alert';

    it('assembles pack templates and keeps the defaults for standard ids the pack does not define', async () => {
      const { pack, issues } = validatePack(
        await miniFiles((f) => {
          withTemplates(f);
          f['templates/deadline_reminder/en.subject.hbs'] = 'Due: case {{case.number}}';
          f['templates/deadline_reminder/en.text.hbs'] = '{{case.link}}';
          f['deadlines.json'].deadlines[0].escalation[0].template = 'deadline_escalation';
        }),
      );
      expect(issues).toEqual([]);
      const n = pack!.notifications;
      expect(n.channels).toEqual(['email']);
      expect(n.digest).toEqual({ enabled: true, hour: 5 });
      expect(n.templates.visit_alert).toEqual({
        id: 'visit_alert',
        answers: ['assessment.risk_level'],
        locales: {
          en: {
            subject: 'Visit due for case {{case.number}}',
            text: 'Risk: {{answers.assessment.risk_level}}\n{{case.link}}',
            html: '<p>Risk: {{answers.assessment.risk_level}}</p>',
          },
          fr: { subject: 'Visite due pour le dossier {{case.number}}', text: 'Risque : {{answers.assessment.risk_level}}' },
        },
      });
      // A pack template replaces the default entirely; the others stay built in.
      expect(n.templates.deadline_reminder).toEqual({
        id: 'deadline_reminder',
        answers: [],
        locales: { en: { subject: 'Due: case {{case.number}}', text: '{{case.link}}' } },
      });
      expect(n.templates.deadline_escalation).toBe(DEFAULT_TEMPLATES.deadline_escalation);
      expect(n.templates.daily_digest).toBe(DEFAULT_TEMPLATES.daily_digest);
      expect(n.templates.break_glass).toBe(DEFAULT_TEMPLATES.break_glass);
    });

    const cases: Array<[string, (f: Files) => void, string, string, string]> = [
      ['template with a syntax error', (f) => (f[`${T}/en.text.hbs`] = 'Risk:\n{{#if case.number}}x'), `${T}/en.text.hbs`, '$', 'template_parse_error'],
      ['template with an unknown helper', (f) => (f[`${T}/fr.text.hbs`] = '{{lookup case "number"}}'), `${T}/fr.text.hbs`, '$', 'template_unknown_helper'],
      ['template reading a variable its kind lacks', (f) => (f[`${T}/en.text.hbs`] = '{{reason}}'), `${T}/en.text.hbs`, '$', 'template_unknown_variable'],
      [
        'answer in a subject',
        (f) => (f[`${T}/en.subject.hbs`] = 'Risk {{answers.assessment.risk_level}}'),
        `${T}/en.subject.hbs`,
        '$',
        'template_not_in_subject',
      ],
      ['unescaped output in HTML', (f) => (f[`${T}/en.html.hbs`] = '<p>{{{case.link}}}</p>'), `${T}/en.html.hbs`, '$', 'template_unescaped_output'],
      [
        'template reading an undeclared answer',
        (f) => (f[`${T}/en.text.hbs`] = '{{answers.closure.reason}}'),
        `${T}/en.text.hbs`,
        '$',
        'template_undeclared_answer',
      ],
      [
        'template answer of a sensitive field',
        (f) => {
          f['notifications.json'].templates.visit_alert.answers = ['assessment.abuse_details'];
          for (const l of ['en.text', 'en.html', 'fr.text']) f[`${T}/${l}.hbs`] = '{{answers.assessment.abuse_details}}';
        },
        'notifications.json',
        '$.templates.visit_alert.answers[0]',
        'sensitive_answer_in_message',
      ],
      [
        'template answer of a missing field',
        (f) => f['notifications.json'].templates.visit_alert.answers.push('assessment.risk'),
        'notifications.json',
        '$.templates.visit_alert.answers[1]',
        'unknown_field',
      ],
      [
        'template answer of an unlisted form',
        (f) => f['notifications.json'].templates.visit_alert.answers.push('visit.notes'),
        'notifications.json',
        '$.templates.visit_alert.answers[1]',
        'unknown_form',
      ],
      [
        'template answer without a field',
        (f) => f['notifications.json'].templates.visit_alert.answers.push('closure'),
        'notifications.json',
        '$.templates.visit_alert.answers[1]',
        'bad_field_path',
      ],
      [
        'deadline naming an unknown template',
        (f) => (f['deadlines.json'].deadlines[0].reminders[0].template = 'visit_alrt'),
        'deadlines.json',
        '$.deadlines[0].reminders[0].template',
        'unknown_template',
      ],
      [
        'deadline naming the digest template',
        (f) => (f['deadlines.json'].deadlines[0].escalation[0].template = 'daily_digest'),
        'deadlines.json',
        '$.deadlines[0].escalation[0].template',
        'wrong_template_kind',
      ],
      ['template in a locale the pack does not have', (f) => (f[`${T}/ro.text.hbs`] = 'Risc'), `${T}/ro.text.hbs`, '$', 'unknown_locale'],
      ['template without a text in the default locale', (f) => delete f[`${T}/en.text.hbs`], `${T}/en.text.hbs`, '$', 'missing_template_part'],
      ['template language without a subject', (f) => delete f[`${T}/fr.subject.hbs`], `${T}/fr.subject.hbs`, '$', 'missing_template_part'],
      ['file in templates/ with the wrong name', (f) => (f[`${T}/english.txt`] = 'x'), `${T}/english.txt`, '$', 'unknown_template_file'],
      ['template file outside a template folder', (f) => (f['templates/en.text.hbs'] = 'x'), 'templates/en.text.hbs', '$', 'unknown_template_file'],
      ['digest hour out of range', (f) => (f['notifications.json'].digest.hour = 24), 'notifications.json', '$.digest.hour', 'schema'],
      [
        'template id in a deadline that is not an id',
        (f) => (f['deadlines.json'].deadlines[0].reminders[0].template = 'a b'),
        'deadlines.json',
        '$.deadlines[0].reminders[0].template',
        'schema',
      ],
    ];

    it.each(cases)('%s', async (_name, mutate, file, path, code) => {
      const { pack, issues } = validatePack(
        await miniFiles((f) => {
          withTemplates(f);
          mutate(f);
        }),
      );
      expect(pack).toBeUndefined();
      expect(issues).toContainEqual(expect.objectContaining({ file, path, code, severity: 'error' }));
      expect(issues.filter((i) => i.severity === 'error')).toHaveLength(1);
    });

    it('puts the line and column of a template problem in the message', async () => {
      const issues = await issuesOf((f) => {
        withTemplates(f);
        f[`${T}/en.text.hbs`] = 'Risk: {{answers.assessment.risk_level}}\nSee {{case.lnk}}';
      });
      expect(issues.map((i) => `${i.file} ${i.path}: ${i.message}`)).toEqual([
        `${T}/en.text.hbs $: line 2, column 7: "case.lnk": case has no "lnk" (it has: number, link, typeLabel, stepLabel)`,
      ]);
    });

    it('a pack template needs a subject and a text in the default locale', async () => {
      const issues = await issuesOf((f) => (f['notifications.json'] = { templates: { break_glass: {} } }));
      expect(issues.map((i) => [i.file, i.code])).toEqual([
        ['templates/break_glass/en.subject.hbs', 'missing_template_part'],
        ['templates/break_glass/en.text.hbs', 'missing_template_part'],
      ]);
    });
  });

  it('packFromFiles throws PackInvalidError with the errors', async () => {
    const files = await miniFiles((f) => (f['workflow.json'].transitions[0].to = 'nowhere'));
    expect(() => packFromFiles(files)).toThrow(PackInvalidError);
    try {
      packFromFiles(files);
    } catch (e: any) {
      expect(e.issues).toHaveLength(1);
      expect(e.message).toContain('workflow.json $.transitions[0].to: step "nowhere" does not exist');
    }
  });
});
