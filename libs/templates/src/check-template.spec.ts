import { checkTemplateSource, DEFAULT_TEMPLATES, MessageKind, messageKindOf, STANDARD_TEMPLATE_IDS, TemplateProblem } from '@app/templates';

const codes = (problems: TemplateProblem[]) => problems.map((p) => p.code);

describe('messageKindOf', () => {
  it.each([
    ['daily_digest', 'digest'],
    ['break_glass', 'break_glass'],
    ['deadline_reminder', 'deadline'],
    ['deadline_escalation', 'deadline'],
    ['urgent_visit_reminder', 'deadline'],
  ])('%s is a %s message', (id, kind) => expect(messageKindOf(id)).toBe(kind));
});

describe('checkTemplateSource', () => {
  it('accepts the variables, helpers and blocks of the kind', () => {
    const source = [
      '{{recipient.name}} {{case.number}} {{formatDateTime deadline.dueAt}} {{formatDate deadline.dueAt}}',
      '{{#if (eq alert.kind "escalation")}}level {{alert.level}}{{else if deadline.overdue}}late{{else}}ok{{/if}}',
      '{{#unless deadline.overdue}}on time{{/unless}} {{#with case}}{{number}} {{../deadline.label}}{{/with}} {{locale}}',
      '{{! a comment }}',
    ].join('\n');
    expect(checkTemplateSource(source, 'deadline', 'html')).toEqual([]);
  });

  it('treats paths inside #each and #with as relative to the item', () => {
    const source = '{{#each overdue as |entry|}}{{caseNumber}} {{entry.link}} {{this.deadline}} {{formatDate dueAt}} {{@index}} {{@root.link}}{{/each}}';
    expect(checkTemplateSource(source, 'digest', 'text')).toEqual([]);
  });

  it('refuses a variable the kind does not have, with its line and column', () => {
    const problems = checkTemplateSource('Hello {{recipient.name}},\n  see {{actor.name}}', 'deadline', 'text');
    expect(problems).toEqual([expect.objectContaining({ code: 'unknown_variable', line: 2, column: 9 })]);
    expect(problems[0].message).toContain('there is no "actor" in deadline messages');
  });

  it('refuses unknown properties of known variables, @root and ../ paths included', () => {
    const problems = checkTemplateSource('{{case.childName}}\n{{#each upcoming}}{{../case.number}}{{@root.child}}{{/each}}', 'digest', 'text');
    expect(codes(problems)).toEqual(['unknown_variable', 'unknown_variable', 'unknown_variable']);
    expect(problems.map((p) => p.line)).toEqual([1, 2, 2]);
    expect(codes(checkTemplateSource('{{case.nmber}}', 'deadline', 'text'))).toEqual(['unknown_variable']);
    // Object internals are not variables either.
    expect(codes(checkTemplateSource('{{constructor.name}} {{__proto__}} {{case.constructor}} {{@root.toString}}', 'deadline', 'text'))).toEqual([
      'unknown_variable',
      'unknown_variable',
      'unknown_variable',
      'unknown_variable',
    ]);
  });

  it('refuses unknown helpers, lookup and log included', () => {
    for (const source of ['{{lookup case "number"}}', '{{log case}}', '{{upper case.number}}', '{{#raw}}x{{/raw}}', '{{#if (lookup case "x")}}y{{/if}}']) {
      expect(codes(checkTemplateSource(source, 'deadline', 'text'))).toContain('unknown_helper');
    }
  });

  it('checks helper arguments', () => {
    expect(codes(checkTemplateSource('{{formatDate}}', 'deadline', 'text'))).toEqual(['helper_arguments']);
    expect(codes(checkTemplateSource('{{eq case.number}}', 'deadline', 'text'))).toEqual(['helper_arguments']);
    expect(codes(checkTemplateSource('{{if deadline.overdue}}', 'deadline', 'text'))).toEqual(['helper_arguments']);
    expect(codes(checkTemplateSource('{{formatDate deadline.dueAt format="long"}}', 'deadline', 'text'))).toEqual(['helper_arguments']);
  });

  it('reports syntax errors with line and column', () => {
    expect(checkTemplateSource('Hello\nyou {{case.number', 'deadline', 'text')).toEqual([
      expect.objectContaining({ code: 'parse_error', line: 2, column: 12 }),
    ]);
    expect(checkTemplateSource('{{#if case.number}}\nno end', 'deadline', 'text')).toEqual([expect.objectContaining({ code: 'parse_error', line: 2 })]);
    expect(checkTemplateSource('{{#each upcoming}}x{{/with}}', 'digest', 'text')).toEqual([expect.objectContaining({ code: 'parse_error', line: 1 })]);
  });

  it('keeps answers and the break-the-glass reason out of subjects', () => {
    expect(codes(checkTemplateSource('Case {{case.number}}: {{answers.initial_assessment.summary}}', 'deadline', 'subject'))).toEqual(['not_in_subject']);
    expect(codes(checkTemplateSource('{{#with answers}}{{x}}{{/with}}', 'deadline', 'subject'))).toEqual(['not_in_subject']);
    expect(codes(checkTemplateSource('{{reason}}', 'break_glass', 'subject'))).toEqual(['not_in_subject']);
    expect(checkTemplateSource('{{answers.initial_assessment.summary}}', 'deadline', 'text')).toEqual([]);
    expect(checkTemplateSource('{{reason}}', 'break_glass', 'html')).toEqual([]);
  });

  describe('the whole message context (this, ., @root)', () => {
    const subject = (source: string, kind: MessageKind = 'deadline') => codes(checkTemplateSource(source, kind, 'subject'));

    it('is refused in subjects, and paths inside #with/#each over it are checked as root paths', () => {
      expect(subject('{{this}}')).toEqual(['root_context_in_subject']);
      expect(subject('{{.}}')).toEqual(['root_context_in_subject']);
      expect(subject('{{@root}}')).toEqual(['root_context_in_subject']);
      expect(subject('{{@../root}}')).toEqual(['root_context_in_subject']);
      expect(subject('{{#with this}}{{answers.f.x}}{{/with}}')).toEqual(['root_context_in_subject', 'not_in_subject']);
      expect(subject('{{#with .}}{{this.answers.f.x}}{{/with}}')).toEqual(['root_context_in_subject', 'not_in_subject']);
      expect(subject('{{#with @root}}{{reason}}{{/with}}', 'break_glass')).toEqual(['root_context_in_subject', 'not_in_subject']);
      expect(subject('{{#each this}}{{this}}{{/each}}', 'break_glass')).toEqual(['root_context_in_subject', 'root_context_in_subject']);
      expect(subject('{{#each @root}}{{f.x}}{{/each}}')).toEqual(['root_context_in_subject', 'unknown_variable']);
      // Even where nothing forbidden is read: a subject names its variables.
      expect(subject('{{#with this}}{{case.number}}{{/with}}')).toEqual(['root_context_in_subject']);
      expect(subject('{{#if this}}x{{/if}} {{formatDate @root}}')).toEqual(['root_context_in_subject', 'root_context_in_subject']);
      // Back to the top with ../, or with @root from inside a block.
      expect(subject('{{#with case}}{{..}}{{/with}}')).toEqual(['root_context_in_subject']);
      expect(subject('{{#with case}}{{#with ..}}{{answers.f.x}}{{/with}}{{/with}}')).toEqual(['root_context_in_subject', 'not_in_subject']);
      expect(subject('{{#each overdue}}{{#with @root}}{{link}}{{/with}}{{/each}}', 'digest')).toEqual(['root_context_in_subject']);
      // "@root." is a call of "@root" with "." as argument.
      expect(subject('{{@root.}}')).toEqual(['unknown_helper']);
    });

    it('in a subject, every ../ path may be the top of the message', () => {
      // Handlebars adds no ../ level for a block whose context equals the enclosing one, so each of
      // these reads the reason or the answers at run time although the nesting suggests otherwise.
      expect(subject('{{#with case}}{{#with this}}{{../reason}}{{/with}}{{/with}}', 'break_glass')).toEqual(['not_in_subject']);
      expect(subject('{{#with case.number}}{{#with @root.case.number}}{{../reason}}{{/with}}{{/with}}', 'break_glass')).toEqual(['not_in_subject']);
      expect(subject('{{#with deadline.overdue}}{{#with @root.deadline.overdue}}{{#each ../answers}}{{this}}{{/each}}{{/with}}{{/with}}')).toEqual([
        'not_in_subject',
      ]);
      expect(subject('{{#with case}}{{#with this}}{{#with ..}}{{reason}}{{/with}}{{/with}}{{/with}}', 'break_glass')).toEqual(['root_context_in_subject']);
      // ../ paths to anything else stay allowed.
      expect(subject('{{#with case}}{{#with this}}{{../case.number}}{{/with}}{{/with}}')).toEqual([]);
      expect(checkTemplateSource('{{#with case}}{{#with this}}{{../reason}}{{/with}}{{/with}}', 'break_glass', 'text')).toEqual([]);
    });

    it('outside subjects, may be the argument of #with (checked like the top) but is never printed or gone through', () => {
      expect(checkTemplateSource('{{#with this}}{{case.number}}{{/with}} {{#with @root}}{{recipient.name}}{{/with}}', 'deadline', 'text')).toEqual([]);
      expect(codes(checkTemplateSource('{{#with this}}{{case.nmber}}{{/with}}', 'deadline', 'text'))).toEqual(['unknown_variable']);
      expect(codes(checkTemplateSource('{{#with @root}}{{answers.registration.first_name}}{{/with}}', 'deadline', 'text', []))).toEqual(['undeclared_answer']);
      for (const part of ['text', 'html'] as const) {
        expect(codes(checkTemplateSource('{{this}} {{.}} {{@root}}', 'deadline', part))).toEqual(['root_context', 'root_context', 'root_context']);
        expect(codes(checkTemplateSource('{{#with this}}{{this}}{{/with}}', 'deadline', part))).toEqual(['root_context']);
        expect(codes(checkTemplateSource('{{#each this}}{{this}}{{/each}}', 'break_glass', part))).toEqual(['root_context', 'root_context']);
        expect(codes(checkTemplateSource('{{#each @root}}x{{/each}}', 'digest', part))).toEqual(['root_context']);
        expect(codes(checkTemplateSource('{{#each overdue}}{{..}} {{formatDate @root}}{{/each}}', 'digest', part))).toEqual(['root_context', 'root_context']);
      }
      expect(checkTemplateSource('{{this}}', 'deadline', 'text')[0].message).toContain('[object Object]');
    });

    it('is not what this means inside #each and #with', () => {
      const source = '{{#each overdue}}{{this.caseNumber}} {{#with this}}{{link}}{{/with}} {{#if this}}{{.}}{{/if}} {{formatDate this.dueAt}}{{/each}}';
      expect(checkTemplateSource(source, 'digest', 'subject')).toEqual([]);
      expect(checkTemplateSource(source, 'digest', 'text')).toEqual([]);
      expect(checkTemplateSource('{{#with case}}{{this.number}}{{#with this}}{{link}}{{/with}}{{/with}}', 'deadline', 'subject')).toEqual([]);
    });
  });

  it('refuses unescaped output in HTML only', () => {
    expect(codes(checkTemplateSource('<p>{{{case.link}}}</p>', 'deadline', 'html'))).toEqual(['unescaped_output']);
    expect(codes(checkTemplateSource('<p>{{& case.link}}</p>', 'deadline', 'html'))).toEqual(['unescaped_output']);
    expect(checkTemplateSource('{{{case.link}}}', 'deadline', 'text')).toEqual([]);
  });

  it('refuses partials and decorators', () => {
    expect(codes(checkTemplateSource('{{> footer}}', 'deadline', 'text'))).toEqual(['partial_not_allowed']);
    expect(codes(checkTemplateSource('{{* inline}}', 'deadline', 'text'))).toEqual(['not_supported']);
  });

  it('with the declared answers, refuses reading an undeclared one', () => {
    const declared = ['initial_assessment.summary'];
    expect(checkTemplateSource('{{answers.initial_assessment.summary}}', 'deadline', 'text', declared)).toEqual([]);
    expect(checkTemplateSource('{{#with answers.initial_assessment}}{{summary}}{{/with}}', 'deadline', 'text', declared)).toEqual([]);
    expect(codes(checkTemplateSource('{{answers.registration.first_name}}', 'deadline', 'text', declared))).toEqual(['undeclared_answer']);
    expect(codes(checkTemplateSource('{{#each answers}}{{this}}{{/each}}', 'deadline', 'text', []))).toEqual(['undeclared_answer']);
  });

  it('the default templates pass their own checks', () => {
    for (const def of Object.values(DEFAULT_TEMPLATES)) {
      expect(def.answers).toEqual([]);
      for (const sources of Object.values(def.locales)) {
        for (const part of ['subject', 'text', 'html'] as const) {
          const source = sources[part];
          if (source !== undefined) expect([def.id, part, checkTemplateSource(source, messageKindOf(def.id), part, def.answers)]).toEqual([def.id, part, []]);
        }
      }
    }
    expect(Object.keys(DEFAULT_TEMPLATES).sort()).toEqual([...STANDARD_TEMPLATE_IDS].sort());
  });
});
