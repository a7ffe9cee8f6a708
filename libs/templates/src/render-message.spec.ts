import type { MessageTemplateDef } from '@app/pack-types';
import {
  BreakGlassMessageContext,
  checkTemplateSource,
  DEFAULT_TEMPLATES,
  DeadlineMessageContext,
  DigestMessageContext,
  formatDate,
  formatDateTime,
  MessageKind,
  renderMessage,
  TemplateError,
} from '@app/templates';
import { CompiledParts, renderParts } from './render-message';
import { compileOptions, templateEnv } from './template-env';

const deadlineContext = (answers: DeadlineMessageContext['answers'] = {}): DeadlineMessageContext => ({
  recipient: { name: 'Ana Rusu' },
  case: { number: 'MD-CU-2026-000042', link: 'https://cmis.example/cases/42', typeLabel: 'Child protection case', stepLabel: 'Assessment' },
  deadline: { label: 'Initial assessment', dueAt: new Date('2026-03-05T10:00:00Z'), overdue: true },
  alert: { kind: 'escalation', level: 1 },
  answers,
});

function template(id: string, locales: MessageTemplateDef['locales'], answers: string[] = []): MessageTemplateDef {
  return { id, answers, locales };
}

const breakGlassContext = (): BreakGlassMessageContext => ({
  recipient: { name: 'Sup' },
  case: { number: 'MD-2', link: 'https://cmis.example/cases/2' },
  actor: { name: 'Ion' },
  reason: 'Child Name is in danger',
  until: new Date('2026-03-05T18:00:00Z'),
});

describe('renderMessage', () => {
  it('escapes values in HTML but not in subject and text', () => {
    const def = template(
      'deadline_escalation',
      {
        en: {
          subject: 'Case {{case.number}} & {{deadline.label}}',
          text: 'Summary: {{answers.a.summary}}',
          html: '<p>Summary: {{answers.a.summary}}</p>',
        },
      },
      ['a.summary'],
    );
    const ctx = deadlineContext({ a: { summary: '<script>alert(1)</script> <b>bold</b> & "quoted"' } });
    ctx.deadline.label = 'Visit <home>';
    const m = renderMessage(def, 'en', 'en', ctx);
    expect(m.subject).toBe('Case MD-CU-2026-000042 & Visit <home>');
    expect(m.text).toBe('Summary: <script>alert(1)</script> <b>bold</b> & "quoted"');
    expect(m.html).toContain('<p>Summary: &lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;</p>');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(m.html).toContain('<title>Case MD-CU-2026-000042 &amp; Visit &lt;home&gt;</title>');
  });

  it('without an HTML part, the HTML is the escaped text with line breaks', () => {
    const def = template('deadline_reminder', { en: { subject: 's', text: 'Line <1>\nLine 2' } });
    const { html } = renderMessage(def, 'en', 'en', deadlineContext());
    expect(html).toContain('<body>\nLine &lt;1&gt;<br>\nLine 2\n</body>');
  });

  it('keeps a complete HTML document as written', () => {
    const def = template('deadline_reminder', { en: { subject: 's', text: 't', html: '<!doctype html><html><body>{{case.number}}</body></html>' } });
    expect(renderMessage(def, 'en', 'en', deadlineContext()).html).toBe('<!doctype html><html><body>MD-CU-2026-000042</body></html>');
  });

  it('makes the subject one line of at most 200 characters', () => {
    const def = template('deadline_reminder', { en: { subject: '  Case\n  {{case.number}}\t {{deadline.label}}  ', text: 't' } });
    expect(renderMessage(def, 'en', 'en', deadlineContext()).subject).toBe('Case MD-CU-2026-000042 Initial assessment');
    const ctx = deadlineContext();
    ctx.deadline.label = 'x'.repeat(300);
    const subject = renderMessage(def, 'en', 'en', ctx).subject;
    expect(subject).toHaveLength(200);
    expect(subject.endsWith('…')).toBe(true);
  });

  it('falls back to the fallback locale, then to any locale the template has', () => {
    const def = template('deadline_reminder', {
      fr: { subject: 'Rappel {{case.number}}', text: 'Échéance le {{formatDate deadline.dueAt}}' },
      ro: { subject: 'Memento {{case.number}}', text: 'Termen: {{formatDate deadline.dueAt}}' },
    });
    expect(renderMessage(def, 'ro', 'fr', deadlineContext()).text).toBe('Termen: 5 martie 2026');
    expect(renderMessage(def, 'de', 'fr', deadlineContext()).text).toBe('Échéance le 5 mars 2026');
    expect(renderMessage(def, 'de', 'en', deadlineContext()).subject).toBe('Rappel MD-CU-2026-000042');
    expect(() => renderMessage(template('x', {}), 'en', 'en', deadlineContext())).toThrow(TemplateError);
  });

  it('formats dates in the template locale, in UTC without a time zone', () => {
    const def = template('deadline_reminder', { fr: { subject: '{{formatDateTime deadline.dueAt}}', text: '{{locale}} {{formatDate deadline.dueAt}}' } });
    const ctx = deadlineContext();
    ctx.deadline.dueAt = '2026-03-05T23:30:00+02:00';
    expect(renderMessage(def, 'fr', 'en', ctx)).toMatchObject({ subject: '5 mars 2026, 21:30 (UTC)', text: 'fr 5 mars 2026' });
    expect(formatDate(new Date('2026-03-05T10:00:00Z'), 'en')).toBe('5 March 2026');
    expect(formatDateTime('2026-03-05T10:00:00Z', 'en')).toBe('5 March 2026, 10:00 (UTC)');
    expect(formatDateTime('not a date', 'en')).toBe('');
    expect(formatDate(new Date('2026-03-05T10:00:00Z'), 'not a locale!')).toBe('5 March 2026');
  });

  it("shows dates and times in the pack's time zone: 22:30 UTC is the next day in Chișinău", () => {
    const due = '2026-03-13T22:30:00Z';
    expect(formatDate(due, 'en', 'Europe/Chisinau')).toBe('14 March 2026');
    expect(formatDateTime(due, 'en', 'Europe/Chisinau')).toBe('14 March 2026, 00:30 (Europe/Chisinau)');
    expect(formatDateTime(new Date(due), 'ro', 'Europe/Chisinau')).toBe('14 martie 2026, 00:30 (Europe/Chisinau)');
    // Summer time (UTC+3 from 29 March 2026).
    expect(formatDateTime('2026-07-01T21:15:00Z', 'en', 'Europe/Chisinau')).toBe('2 July 2026, 00:15 (Europe/Chisinau)');
    // A date without a time is that calendar day in every zone, even west of UTC.
    expect(formatDate('2026-03-14', 'en', 'America/New_York')).toBe('14 March 2026');
    expect(formatDateTime('2026-03-14', 'en', 'America/New_York')).toBe('14 March 2026');
    // An unusable zone falls back to UTC rather than losing the message.
    expect(formatDateTime(due, 'en', 'Not/AZone')).toBe('13 March 2026, 22:30 (UTC)');

    const ctx = deadlineContext();
    ctx.deadline.dueAt = new Date(due);
    const zoned = { timeZone: 'Europe/Chisinau' };
    const reminder = renderMessage(DEFAULT_TEMPLATES.deadline_reminder, 'en', 'en', ctx, zoned);
    expect(reminder.subject).toBe('Reminder: Initial assessment for case MD-CU-2026-000042 is due 14 March 2026, 00:30 (Europe/Chisinau)');
    expect(reminder.text).toContain('is due on 14 March 2026, 00:30 (Europe/Chisinau).');
    expect(reminder.html).toContain('14 March 2026, 00:30 (Europe/Chisinau)');
    // Inside #each too (the digest's entries), and the digest's own day is the local one.
    const entry = { caseNumber: 'MD-1', link: 'https://cmis.example/cases/1', deadline: 'Visit', dueAt: due };
    const digest = renderMessage(
      DEFAULT_TEMPLATES.daily_digest,
      'en',
      'en',
      {
        recipient: { name: 'Ana' },
        date: new Date('2026-03-13T22:05:00Z'),
        link: 'https://cmis.example/deadlines',
        overdue: [],
        dueToday: [entry],
        upcoming: [],
      },
      zoned,
    );
    expect(digest.subject).toBe('Your case deadlines for 14 March 2026');
    expect(digest.text).toContain('- Case MD-1: Visit, due 14 March 2026, 00:30 (Europe/Chisinau)');
  });

  it('does not reach object internals (prototype access stays disabled)', () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const def = template('daily_digest', {
        en: {
          subject: 's',
          text: '[{{#with recipient}}{{constructor.name}}{{__proto__}}{{name.constructor}}{{/with}}]|{{#each upcoming}}[{{constructor}}{{toString}}]{{/each}}',
        },
      });
      const ctx: DigestMessageContext = {
        recipient: { name: 'A' },
        date: new Date(),
        link: 'l',
        overdue: [],
        dueToday: [],
        upcoming: [{ caseNumber: '1', link: 'l', deadline: 'd', dueAt: new Date() }],
      };
      expect(renderMessage(def, 'en', 'en', ctx).text).toBe('[]|[]');
      // Even without the checks (which refuse it at the top level), the runtime resolves nothing.
      expect(templateEnv.compile('[{{constructor.name}}{{__proto__.x}}]', compileOptions('text'))({ a: 1 })).toBe('[]');
    } finally {
      error.mockRestore();
    }
  });

  it('refuses to render a template that fails its checks', () => {
    const def = template('deadline_reminder', { en: { subject: '{{answers.a.b}}', text: 't' } }, ['a.b']);
    expect(() => renderMessage(def, 'en', 'en', deadlineContext())).toThrow(/not_in_subject|must not appear in a subject/);
    const html = template('deadline_reminder', { en: { subject: 's', text: 't', html: '{{{case.link}}}' } });
    expect(() => renderMessage(html, 'en', 'en', deadlineContext())).toThrow(TemplateError);
  });

  it('refuses subjects that reach answers or the reason through the whole context', () => {
    const answers = deadlineContext({ a: { b: 'Child Name' } });
    for (const subject of [
      '{{#with this}}{{answers.a.b}}{{/with}}',
      '{{#with .}}{{answers.a.b}}{{/with}}',
      '{{#each this}}{{#each this}}{{this}}{{/each}}{{/each}}',
      '{{this}}',
    ]) {
      const def = template('deadline_reminder', { en: { subject, text: 't' } }, ['a.b']);
      expect(() => renderMessage(def, 'en', 'en', answers)).toThrow(/root_context_in_subject|must not be used in a subject/);
    }
    for (const subject of ['{{#with @root}}{{reason}}{{/with}}', '{{@root}}', '{{#with case}}{{#with this}}{{../reason}}{{/with}}{{/with}}']) {
      expect(() => renderMessage(template('break_glass', { en: { subject, text: 't' } }), 'en', 'en', breakGlassContext())).toThrow(TemplateError);
    }
  });

  describe('renders the subject without answers and the reason, even from a template the checks would refuse', () => {
    // renderMessage checks every source first, so the backstop is exercised on compiled parts directly.
    const unchecked = (subject: string, text: string): CompiledParts => ({
      subject: templateEnv.compile(subject, compileOptions('subject')),
      text: templateEnv.compile(text, compileOptions('text')),
    });
    const leaks = (kind: MessageKind, subjects: string[]) => {
      for (const subject of subjects) expect([subject, checkTemplateSource(subject, kind, 'subject')]).not.toEqual([subject, []]);
    };

    it('answers', () => {
      const subjects = [
        '[{{answers.a.b}}]',
        '[{{#with this}}{{answers.a.b}}{{/with}}]',
        '[{{#with @root}}{{#each answers}}{{#each this}}{{this}}{{/each}}{{/each}}{{/with}}]',
        '[{{#each this}}{{#each this}}{{#each this}}{{this}}{{/each}}{{/each}}{{/each}}]',
        '[{{#with case}}{{#with this}}{{../answers.a.b}}{{/with}}{{/with}}]',
      ];
      leaks('deadline', subjects);
      const ctx = deadlineContext({ a: { b: 'Child Name' } });
      for (const subject of subjects) {
        const m = renderParts(unchecked(subject, '{{#with this}}{{answers.a.b}}{{/with}}'), 'en', ctx);
        expect([subject, m.subject]).toEqual([subject, expect.not.stringContaining('Child Name')]);
        expect(m.html).toMatch(/<title>[^<]*<\/title>/);
        expect(m.html.match(/<title>(.*)<\/title>/)?.[1]).not.toContain('Child Name');
        // The same context still reaches the body: only the subject's copy is emptied.
        expect(m.text).toBe('Child Name');
      }
      expect(renderParts(unchecked('[{{answers.a.b}}] {{case.number}}', 't'), 'en', ctx).subject).toBe('[] MD-CU-2026-000042');
      expect(ctx.answers).toEqual({ a: { b: 'Child Name' } });
    });

    it('the break-the-glass reason', () => {
      const subjects = [
        '[{{reason}}]',
        '[{{#with @root}}{{reason}}{{/with}}]',
        '[{{#each this}}{{this}}{{/each}}]',
        '[{{#with case.number}}{{#with @root.case.number}}{{../reason}}{{/with}}{{/with}}]',
      ];
      leaks('break_glass', subjects);
      const ctx = breakGlassContext();
      for (const subject of subjects) {
        const m = renderParts(unchecked(subject, '{{reason}}'), 'en', ctx);
        expect([subject, m.subject]).toEqual([subject, expect.not.stringContaining('Child Name')]);
        expect(m.text).toBe('Child Name is in danger');
      }
      expect(ctx.reason).toBe('Child Name is in danger');
    });
  });

  it("renders every default template without a child's details", () => {
    const reminder = renderMessage(DEFAULT_TEMPLATES.deadline_reminder, 'en', 'en', deadlineContext({ a: { name: 'Child Name' } }));
    expect(reminder.subject).toBe('Reminder: Initial assessment for case MD-CU-2026-000042 is due 5 March 2026, 10:00 (UTC)');
    expect(reminder.text).toContain('https://cmis.example/cases/42');
    expect(reminder.text).not.toContain('Child Name');
    const escalation = renderMessage(DEFAULT_TEMPLATES.deadline_escalation, 'fr', 'en', deadlineContext());
    expect(escalation.subject).toBe('Overdue: Initial assessment for case MD-CU-2026-000042 (due 5 March 2026, 10:00 (UTC))');
    const entry = { caseNumber: 'MD-1', link: 'https://cmis.example/cases/1', deadline: 'Visit', dueAt: new Date('2026-03-04T09:00:00Z') };
    const digest = renderMessage(DEFAULT_TEMPLATES.daily_digest, 'en', 'en', {
      recipient: { name: 'Ana' },
      date: new Date('2026-03-05T00:00:00Z'),
      link: 'https://cmis.example/deadlines',
      overdue: [entry],
      dueToday: [],
      upcoming: [entry],
    });
    expect(digest.subject).toBe('Your case deadlines for 5 March 2026');
    expect(digest.text).toContain('Overdue (1):\n- Case MD-1: Visit, was due 4 March 2026, 09:00 (UTC)\n  https://cmis.example/cases/1\n');
    expect(digest.text).not.toContain('Due today');
    const glass = renderMessage(DEFAULT_TEMPLATES.break_glass, 'en', 'en', breakGlassContext());
    expect(glass.subject).toBe('Emergency access to case MD-2 by Ion');
    expect(glass.text).toContain('until 5 March 2026, 18:00 (UTC)');
    expect(glass.text).not.toContain('Child Name');
  });
});
