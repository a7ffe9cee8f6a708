/**
 * Built-in English templates for the standard messages, used for any standard id a pack does not
 * define. They show a case number and a link, never a child's name or answers: mail leaves the
 * system, and the recipient can read the rest after signing in.
 */
import type { MessageTemplateDef } from '@app/pack-types';
import { CASE_WORK_TEMPLATES } from './case-work-templates';
import { SCHEDULED_REPORT } from './report-templates';

const FOOTER = 'This message was sent by the case management system. Case details stay in the system: sign in to see them, and do not forward this message.';

const deadlineReminder: MessageTemplateDef = {
  id: 'deadline_reminder',
  answers: [],
  locales: {
    en: {
      subject: 'Reminder: {{deadline.label}} for case {{case.number}} is due {{formatDateTime deadline.dueAt}}',
      text: `Hello {{recipient.name}},

"{{deadline.label}}" for case {{case.number}} is due on {{formatDateTime deadline.dueAt}}.
Case type: {{case.typeLabel}}
Current step: {{case.stepLabel}}

Open the case: {{case.link}}

${FOOTER}
`,
    },
  },
};

const deadlineEscalation: MessageTemplateDef = {
  id: 'deadline_escalation',
  answers: [],
  locales: {
    en: {
      subject: 'Overdue: {{deadline.label}} for case {{case.number}} (due {{formatDateTime deadline.dueAt}})',
      text: `Hello {{recipient.name}},

"{{deadline.label}}" for case {{case.number}} was due on {{formatDateTime deadline.dueAt}} and has not been met.
Case type: {{case.typeLabel}}
Current step: {{case.stepLabel}}
Escalation level: {{alert.level}}

Please check that the case is being followed up: {{case.link}}

${FOOTER}
`,
    },
  },
};

const dailyDigest: MessageTemplateDef = {
  id: 'daily_digest',
  answers: [],
  locales: {
    en: {
      subject: 'Your case deadlines for {{formatDate date}}',
      text: `Hello {{recipient.name}},

Your case deadlines for {{formatDate date}}:
{{#if overdue}}

Overdue ({{overdue.length}}):
{{#each overdue}}
- Case {{caseNumber}}: {{deadline}}, was due {{formatDateTime dueAt}}
  {{link}}
{{/each}}
{{/if}}
{{#if dueToday}}

Due today ({{dueToday.length}}):
{{#each dueToday}}
- Case {{caseNumber}}: {{deadline}}, due {{formatDateTime dueAt}}
  {{link}}
{{/each}}
{{/if}}
{{#if upcoming}}

Coming up ({{upcoming.length}}):
{{#each upcoming}}
- Case {{caseNumber}}: {{deadline}}, due {{formatDateTime dueAt}}
  {{link}}
{{/each}}
{{/if}}

All your deadlines: {{link}}

${FOOTER}
`,
    },
  },
};

const breakGlass: MessageTemplateDef = {
  id: 'break_glass',
  answers: [],
  locales: {
    en: {
      subject: 'Emergency access to case {{case.number}} by {{actor.name}}',
      text: `Hello {{recipient.name}},

{{actor.name}} used emergency access ("break the glass") to open case {{case.number}}, which they could not otherwise see. The access lasts until {{formatDateTime until}}.

Open the case to read the reason given and review the access: {{case.link}}
Everything done during the access is recorded in the audit log. If you did not expect it, tell your supervisor or the data protection officer.

${FOOTER}
`,
    },
  },
};

function frozen(def: MessageTemplateDef): MessageTemplateDef {
  for (const sources of Object.values(def.locales)) Object.freeze(sources);
  Object.freeze(def.locales);
  Object.freeze(def.answers);
  return Object.freeze(def);
}

/** The standard ids' built-in templates (English), read-only. */
export const DEFAULT_TEMPLATES: Readonly<Record<string, MessageTemplateDef>> = Object.freeze({
  deadline_reminder: frozen(deadlineReminder),
  deadline_escalation: frozen(deadlineEscalation),
  daily_digest: frozen(dailyDigest),
  break_glass: frozen(breakGlass),
  ...Object.fromEntries(CASE_WORK_TEMPLATES.map((t) => [t.id, frozen({ ...t, locales: { ...t.locales } })])),
  scheduled_report: frozen({ ...SCHEDULED_REPORT, locales: { ...SCHEDULED_REPORT.locales } }),
});
