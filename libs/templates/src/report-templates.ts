import type { MessageTemplateDef } from '@app/pack-types';

/**
 * The scheduled report: a dashboard's figures for the period just ended, as computed in the
 * recipient's own scope. Figures only: nobody is named, and hidden small cells stay hidden.
 */
export const SCHEDULED_REPORT: MessageTemplateDef = {
  id: 'scheduled_report',
  answers: [],
  locales: {
    en: {
      subject: '{{report.label}}: {{report.period}}',
      text: `Hello {{recipient.name}},

{{report.label}} for {{report.period}} ({{report.dashboard}}):
{{#each widgets}}

{{title}}: {{total}}
{{#each rows}}
- {{label}}: {{value}}
{{/each}}
{{/each}}

* hidden to protect people's identities (fewer than {{report.threshold}}, or it would reveal such a number). Categories with no case are not listed.

See the dashboard: {{report.link}}

This message was sent by the case management system. It holds aggregate figures only.
`,
      html: `<p>Hello {{recipient.name}},</p>
<p>{{report.label}} for {{report.period}} ({{report.dashboard}}):</p>
{{#each widgets}}
<h3>{{title}}: {{total}}</h3>
{{#if rows}}<table>{{#each rows}}<tr><th scope="row">{{label}}</th><td>{{value}}</td></tr>{{/each}}</table>{{/if}}
{{/each}}
<p>* hidden to protect people's identities (fewer than {{report.threshold}}, or it would reveal such a number).</p>
<p><a href="{{report.link}}">See the dashboard</a></p>
<p>This message was sent by the case management system. It holds aggregate figures only.</p>
`,
    },
  },
};
