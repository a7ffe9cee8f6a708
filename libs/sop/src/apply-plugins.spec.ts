import * as path from 'node:path';
import { lintPack } from './lint-pack';
import { PackFiles, readPackDir } from './pack-files';
import type { PluginPackData } from '@app/pack-types';
import { validatePack } from './validate-pack';

const MINI = path.resolve(__dirname, '../../../test/fixtures/packs/mini');

/** A plugin contribution as the host writes it into a pack's files. */
function visits(): PluginPackData {
  return {
    id: 'visits',
    version: '1.2.0',
    name: { en: 'Home visits' },
    settingsSchema: {
      type: 'object',
      required: ['visitorRoles'],
      additionalProperties: false,
      properties: { visitorRoles: { type: 'array', items: { type: 'string' }, minItems: 1 }, maxPerWeek: { type: 'integer', minimum: 1, default: 3 } },
    },
    forms: [
      {
        id: 'visits_report',
        version: 1,
        title: { en: 'Visit report', fr: 'Rapport de visite' },
        schema: { type: 'object', properties: { seen: { type: 'boolean', 'x-label': { en: 'Child seen', fr: 'Enfant vu' } } } },
      },
    ],
    fragments: [
      {
        id: 'visiting',
        steps: [{ id: 'visiting', label: { en: 'Visiting', fr: 'Visites' }, kind: 'normal', forms: [{ form: 'visits_report', use: 'required' }] }],
        transitions: [
          { id: 'start_visits', label: { en: 'Start visits', fr: 'Commencer' }, from: ['assessment'], to: 'visiting', roles: '$settings.visitorRoles' as any },
          { id: 'end_visits', label: { en: 'End visits', fr: 'Terminer' }, from: ['visiting'], to: 'closed', roles: '$settings.visitorRoles' as any },
        ],
      },
    ],
    templates: { visits_due: { locales: { en: { subject: 'Visit due', text: 'A visit is due.' } } } },
    indicators: [{ id: 'visits_done', kind: 'count', of: 'events', events: ['visits.done'], label: { en: 'Visits', fr: 'Visites' } }],
    subjects: { visits_report: ['read', 'record'] },
  };
}

async function miniWith(entry: Record<string, unknown>, data: PluginPackData | null = visits(), edit?: (files: PackFiles) => void): Promise<PackFiles> {
  const files = await readPackDir(MINI);
  files['pack.json'] = { ...(files['pack.json'] as object), plugins: [entry] };
  if (data) files['plugins/visits.json'] = data;
  edit?.(files);
  return files;
}

describe('packs enabling plugins', () => {
  it('merges the forms, included fragments (with settings filled in), templates, indicators and subjects', async () => {
    const files = await miniWith({ id: 'visits', settings: { visitorRoles: ['caseworker'] }, include: ['visiting'] }, visits(), (f) => {
      (f['roles.json'] as any).roles[0].rules.push({ action: ['read', 'record'], subject: 'visits_report', conditions: { assignedTo: '$user' } });
    });
    const { pack, issues } = validatePack(files);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(pack!.plugins).toEqual([
      {
        id: 'visits',
        version: '1.2.0',
        settings: { visitorRoles: ['caseworker'], maxPerWeek: 3 },
        include: ['visiting'],
        subjects: { visits_report: ['read', 'record'] },
        forms: ['visits_report'],
        templates: ['visits_due'],
      },
    ]);
    expect(pack!.forms.map((f) => f.id)).toContain('visits_report');
    expect(pack!.manifest.forms).toContainEqual({ id: 'visits_report', version: 1 });
    expect(pack!.workflow.transitions.find((t) => t.id === 'start_visits')!.roles).toEqual(['caseworker']);
    expect(pack!.notifications.templates.visits_due.locales.en.subject).toBe('Visit due');
    expect(pack!.reporting.indicators.map((i) => i.id)).toContain('visits_done');
    // The stored files are untouched (they are what is hashed and published).
    expect((files['workflow.json'] as any).transitions.some((t: any) => t.id === 'start_visits')).toBe(false);
  });

  it('without `include`, a fragment contributes nothing; the forms and subjects are there', async () => {
    const { pack } = validatePack(await miniWith({ id: 'visits', settings: { visitorRoles: ['caseworker'] } }));
    expect(pack!.workflow.steps.map((s) => s.id)).not.toContain('visiting');
    expect(pack!.forms.map((f) => f.id)).toContain('visits_report');
  });

  it('refuses a plugin that is not installed, naming pack.json and the entry', async () => {
    const { issues } = validatePack(await miniWith({ id: 'visits' }, null));
    expect(issues).toContainEqual(expect.objectContaining({ file: 'pack.json', path: '$.plugins[0].id', code: 'unknown_plugin', severity: 'error' }));
  });

  it('checks settings against the plugin schema, naming the setting', async () => {
    const { issues } = validatePack(await miniWith({ id: 'visits', settings: { visitorRoles: [], maxPerWeek: 'often' } }));
    const errors = issues.filter((i) => i.severity === 'error');
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'pack.json', path: '$.plugins[0].settings.visitorRoles', code: 'plugin_settings' }),
        expect.objectContaining({ file: 'pack.json', path: '$.plugins[0].settings.maxPerWeek', code: 'plugin_settings' }),
      ]),
    );
  });

  it('names an unknown fragment, and reports errors inside a merged fragment against the plugin file', async () => {
    const unknown = validatePack(await miniWith({ id: 'visits', settings: { visitorRoles: ['caseworker'] }, include: ['nope'] }));
    expect(unknown.issues).toContainEqual(expect.objectContaining({ file: 'pack.json', path: '$.plugins[0].include[0]', code: 'unknown_fragment' }));

    const badRole = validatePack(await miniWith({ id: 'visits', settings: { visitorRoles: ['visitor'] }, include: ['visiting'] }));
    expect(badRole.issues).toContainEqual(
      expect.objectContaining({
        file: 'plugins/visits.json',
        path: '$.fragments[0].transitions[0].roles[0]',
        code: 'unknown_role',
        severity: 'error',
      }),
    );
  });

  it('lint findings on merged items name the plugin file too', async () => {
    const data = visits();
    data.fragments![0].transitions = [data.fragments![0].transitions![1]];
    const { pack } = validatePack(await miniWith({ id: 'visits', settings: { visitorRoles: ['caseworker'] }, include: ['visiting'] }, data));
    expect(lintPack(pack!)).toContainEqual(expect.objectContaining({ file: 'plugins/visits.json', path: '$.fragments[0].steps[0]', code: 'unreachable_step' }));
  });

  it('lets roles grant only subjects of the core or of enabled plugins', async () => {
    const files = await miniWith({ id: 'visits', settings: { visitorRoles: ['caseworker'] } }, visits(), (f) => {
      (f['roles.json'] as any).roles[0].rules.push({ action: 'read', subject: 'tracing_request' });
      (f['roles.json'] as any).roles[0].rules.push({ action: 'approve', subject: 'visits_report' });
    });
    const { issues } = validatePack(files);
    expect(issues).toContainEqual(
      expect.objectContaining({ file: 'roles.json', code: 'unknown_subject', path: expect.stringMatching(/^\$\.roles\[0\]\.rules\[\d+\]\.subject$/) }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ file: 'roles.json', code: 'unknown_action', message: expect.stringContaining('read, record') }));
  });

  it('ignores (with a warning) the contribution of a plugin the pack does not enable', async () => {
    const files = await readPackDir(MINI);
    files['plugins/visits.json'] = visits();
    const { pack, issues } = validatePack(files);
    expect(pack!.plugins).toEqual([]);
    expect(pack!.forms.map((f) => f.id)).not.toContain('visits_report');
    expect(issues).toContainEqual(expect.objectContaining({ file: 'plugins/visits.json', code: 'unknown_file', severity: 'warning' }));
  });
});

describe("a plugin's text in the pack's languages", () => {
  const enable = { id: 'visits', settings: { visitorRoles: ['caseworker'] }, include: ['visiting'] };
  const fallbacks = (issues: Array<{ code: string }>) => issues.filter((i) => i.code === 'plugin_translation_fallback');

  it('drops the languages the pack does not use instead of refusing them', async () => {
    const data = visits();
    data.templates!.visits_due.locales = {
      en: { subject: 'Visit due', text: 'A visit is due.' },
      fr: { subject: 'Visite prévue', text: 'Une visite est prévue.' },
      ro: { subject: 'Vizită programată', text: 'O vizită este programată.' },
    };
    data.forms![0].title.ro = 'Raport de vizită';
    const files = await miniWith(enable, data);
    const { pack, issues } = validatePack(files);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(Object.keys(pack!.notifications.templates.visits_due.locales)).toEqual(['en', 'fr']);
    expect(pack!.forms.find((f) => f.id === 'visits_report')!.title).toEqual({ en: 'Visit report', fr: 'Rapport de visite' });
    // What is stored and hashed is the plugin's contribution as written.
    expect((files['plugins/visits.json'] as PluginPackData).templates!.visits_due.locales.ro).toBeDefined();
  });

  it("gives a pack language the plugin lacks the plugin's default text, with a warning naming the plugin, the item and the language", async () => {
    const data = visits();
    data.fragments![0].steps![0].label = { en: 'Visiting' };
    const { pack, issues } = validatePack(await miniWith(enable, data));
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(pack!.notifications.templates.visits_due.locales.fr).toEqual({ subject: 'Visit due', text: 'A visit is due.' });
    expect(pack!.workflow.steps.find((s) => s.id === 'visiting')!.label).toEqual({ en: 'Visiting', fr: 'Visiting' });
    expect(fallbacks(issues)).toEqual(
      expect.arrayContaining([
        {
          file: 'plugins/visits.json',
          path: '$.templates.visits_due',
          code: 'plugin_translation_fallback',
          severity: 'warning',
          message: 'plugin "visits" has no "fr" text for template "visits_due": those readers get its "en" text (the plugin\'s default language)',
        },
        expect.objectContaining({ path: '$.fragments[0]', severity: 'warning', message: expect.stringContaining('no "fr" text for fragment "visiting"') }),
      ]),
    );
    // The form and indicator have French: nothing to say about them.
    expect(fallbacks(issues).map((i: any) => i.path)).not.toEqual(expect.arrayContaining(['$.forms[0]']));
  });

  it('says nothing of a fragment the pack does not include or a template it words itself', async () => {
    const data = visits();
    data.fragments![0].steps![0].label = { en: 'Visiting' };
    const files = await miniWith({ id: 'visits', settings: { visitorRoles: ['caseworker'] } }, data, (f) => {
      f['templates/visits_due/en.subject.hbs'] = 'Visit due';
      f['templates/visits_due/en.text.hbs'] = 'A visit is due.';
      f['templates/visits_due/fr.subject.hbs'] = 'Visite prévue';
      f['templates/visits_due/fr.text.hbs'] = 'Une visite est prévue.';
    });
    const { pack, issues } = validatePack(files);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(pack!.notifications.templates.visits_due.locales.fr.subject).toBe('Visite prévue');
    expect(fallbacks(issues)).toEqual([]);
  });

  it("falls back to the plugin's default language: English, else the first language of its name", async () => {
    const english = visits();
    english.name = { ro: 'Vizite', en: 'Visits' };
    english.templates!.visits_due.locales = {
      ro: { subject: 'Vizită programată', text: 'O vizită este programată.' },
      en: { subject: 'Visit due', text: 'A visit is due.' },
    };
    const withEnglish = validatePack(await miniWith(enable, english));
    expect(withEnglish.pack!.notifications.templates.visits_due.locales.fr).toEqual({ subject: 'Visit due', text: 'A visit is due.' });

    const data = visits();
    data.name = { ro: 'Vizite', fr: 'Visites' };
    data.templates!.visits_due.locales = {
      fr: { subject: 'Visite prévue', text: 'Une visite est prévue.' },
      ro: { subject: 'Vizită programată', text: 'O vizită este programată.' },
    };
    const { pack, issues } = validatePack(await miniWith(enable, data));
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(pack!.notifications.templates.visits_due.locales).toEqual({
      en: { subject: 'Vizită programată', text: 'O vizită este programată.' },
      fr: { subject: 'Visite prévue', text: 'Une visite est prévue.' },
    });
    expect(fallbacks(issues)).toContainEqual(expect.objectContaining({ path: '$.templates.visits_due', message: expect.stringContaining('its "ro" text') }));
  });

  it("keeps the pack's own text strict: its template in a language it does not use is refused", async () => {
    const files = await miniWith(enable, visits(), (f) => {
      f['templates/visits_due/en.subject.hbs'] = 'Visit due';
      f['templates/visits_due/en.text.hbs'] = 'A visit is due.';
      f['templates/visits_due/ro.subject.hbs'] = 'Vizită programată';
      f['templates/visits_due/ro.text.hbs'] = 'O vizită este programată.';
    });
    const { issues } = validatePack(files);
    expect(issues).toContainEqual(expect.objectContaining({ file: 'templates/visits_due/ro.subject.hbs', code: 'unknown_locale', severity: 'error' }));
  });
});
