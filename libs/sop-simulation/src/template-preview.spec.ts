import { DomainError } from '@app/core';
import { moldovaFiles } from '../../../test/support/reference-pack';
import { previewTemplate, TemplatePreviewErrorCode } from './template-preview';

const NOW = new Date('2026-03-02T08:00:00Z');
let files: Record<string, any>;

beforeAll(async () => {
  files = JSON.parse(JSON.stringify(await moldovaFiles()));
});

describe('previewTemplate', () => {
  it('renders the draft template in French on a sample case named with the pack labels, in the pack time zone', () => {
    const out = previewTemplate(files, 'deadline_reminder', { locale: 'fr' }, NOW);
    expect(out.problems).toEqual([]);
    expect(out.kind).toBe('deadline');
    const deadline = files['deadlines.json'].deadlines[0].label.fr;
    expect(out.rendered!.subject).toContain(`Rappel : ${deadline} pour le dossier SAMPLE-0001`);
    // Due two days after "now", 10:00 on the pack's clock (UTC+2 in March).
    expect(out.rendered!.subject).toContain('4 mars 2026, 10:00 (Europe/Chisinau)');
    // The reminder goes to the case owner: the caseworker.
    expect(out.rendered!.text).toContain(`Bonjour ${files['roles.json'].roles.find((r: any) => r.id === 'caseworker').label.fr}`);
  });

  it('renders what is being typed instead of the stored source, and stores nothing', () => {
    const before = files['templates/deadline_reminder/fr.text.hbs'];
    const out = previewTemplate(files, 'deadline_reminder', { locale: 'fr', text: 'Dossier {{case.number}} : {{deadline.label}}' }, NOW);
    expect(out.rendered!.text).toBe(`Dossier SAMPLE-0001 : ${files['deadlines.json'].deadlines[0].label.fr}`);
    expect(files['templates/deadline_reminder/fr.text.hbs']).toBe(before);
  });

  it('shows an escalation as overdue and its declared answers as the field they stand for', () => {
    const out = previewTemplate(files, 'deadline_escalation', { locale: 'en' }, NOW);
    expect(out.problems).toEqual([]);
    const form = files['pack.json'].forms.find((f: any) => f.id === 'initial_assessment');
    const summary = files[`forms/initial_assessment.v${form.version}.json`].schema.properties.summary['x-label'].en;
    expect(out.rendered!.text).toContain(`[${summary}]`);
    expect(out.rendered!.html).toContain('<html');
    expect(out.rendered!.subject).toContain('1 March 2026');
    // The first escalation goes to the case owner's supervisor.
    expect(out.rendered!.text).toContain(`Hello ${files['roles.json'].roles.find((r: any) => r.id === 'supervisor').label.en}`);
  });

  it('names an unknown variable and a helper that is not allowed, with their line and column, instead of rendering', () => {
    const out = previewTemplate(files, 'deadline_reminder', { locale: 'fr', text: 'Bonjour\n{{case.colour}} {{lookup case "number"}}' }, NOW);
    expect(out.rendered).toBeNull();
    expect(out.problems).toEqual([
      expect.objectContaining({ part: 'text', code: 'unknown_variable', line: 2, column: 3, message: expect.stringContaining('"case.colour"') }),
      expect.objectContaining({ part: 'text', code: 'unknown_helper', line: 2, column: 17, message: expect.stringContaining('"lookup"') }),
    ]);
  });

  it('gives a syntax error with its line, and keeps a child detail out of the subject', () => {
    const broken = previewTemplate(files, 'deadline_reminder', { locale: 'en', text: 'Hello\n{{#if case.number}}open' }, NOW);
    expect(broken.problems).toEqual([expect.objectContaining({ part: 'text', code: 'parse_error', line: 2 })]);
    const leaking = previewTemplate(files, 'deadline_escalation', { locale: 'en', subject: '{{answers.initial_assessment.summary}}' }, NOW);
    expect(leaking.problems).toEqual([expect.objectContaining({ part: 'subject', code: 'not_in_subject' })]);
  });

  it('renders every kind of message the pack defines, in each of its languages', () => {
    const ids = [...new Set(Object.keys(files).flatMap((f) => /^templates\/([^/]+)\//.exec(f)?.[1] ?? []))];
    expect(ids.length).toBeGreaterThan(8);
    for (const id of ids)
      for (const locale of files['pack.json'].locales) {
        const out = previewTemplate(files, id, { locale }, NOW);
        expect([id, locale, out.problems]).toEqual([id, locale, []]);
        expect(out.rendered!.text.length).toBeGreaterThan(20);
      }
  });

  it('refuses a template or a language the pack does not have', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof DomainError ? e.code : String(e);
      }
    };
    expect(code(() => previewTemplate(files, 'no_such_template', { locale: 'en' }, NOW))).toBe(TemplatePreviewErrorCode.UnknownTemplate);
    expect(code(() => previewTemplate(files, 'deadline_reminder', { locale: 'de' }, NOW))).toBe(TemplatePreviewErrorCode.UnknownLocale);
  });
});
