/**
 * Built-in English templates for referrals and transfers. Like the other defaults they carry a case
 * number and a link, never the child's name; a reason (which may describe the child) is only in bodies.
 */
import type { MessageTemplateDef } from '@app/pack-types';

const FOOTER = 'This message was sent by the case management system. Case details stay in the system: sign in to see them, and do not forward this message.';

const one = (id: string, subject: string, text: string): MessageTemplateDef => ({ id, answers: [], locales: { en: { subject, text } } });

export const CASE_WORK_TEMPLATES: readonly MessageTemplateDef[] = [
  one(
    'referral_received',
    'New referral for {{referral.service}}: case {{case.number}}',
    `Hello {{recipient.name}},

{{actor.name}} referred case {{case.number}} to {{referral.provider}} for {{referral.service}}.
{{#if referral.respondBy}}Please accept or decline it by {{formatDateTime referral.respondBy}}.{{/if}}

Open the referral to read what was shared: {{referral.link}}

${FOOTER}
`,
  ),
  one(
    'referral_to_authorise',
    'Referral to authorise: case {{case.number}} to {{referral.service}}',
    `Hello {{recipient.name}},

{{actor.name}} asks for your authorisation to refer case {{case.number}} to {{referral.provider}} for {{referral.service}}.
The referral is not sent to the provider until it is authorised.

Open the referral: {{referral.link}}

${FOOTER}
`,
  ),
  one(
    'referral_answered',
    'Referral of case {{case.number}} to {{referral.service}}: {{referral.status}}',
    `Hello {{recipient.name}},

The referral of case {{case.number}} to {{referral.provider}} for {{referral.service}} is now: {{referral.status}} (by {{actor.name}}).
{{#if reason}}Reason given: {{reason}}{{/if}}

Open the referral: {{referral.link}}

${FOOTER}
`,
  ),
  {
    id: 'referral_form',
    answers: [],
    locales: {
      en: {
        subject: 'Referral of case {{case.number}} to {{referral.service}}',
        text: `REFERRAL FORM
Case number: {{case.number}}
Service requested: {{referral.service}}
To: {{provider.name}}{{#if provider.person}}, {{provider.person}}{{/if}}
{{#if provider.address}}Address: {{provider.address}}
{{/if}}{{#if provider.phone}}Phone: {{provider.phone}}
{{/if}}{{#if provider.email}}Email: {{provider.email}}
{{/if}}
Referred by: {{referrer.name}}{{#if referrer.agency}}, {{referrer.agency}}{{/if}}
{{#if referrer.phone}}Phone: {{referrer.phone}}
{{/if}}{{#if referrer.email}}Email: {{referrer.email}}
{{/if}}Date sent: {{formatDateTime referral.sentAt}}
{{#if referral.respondBy}}Please answer by: {{formatDateTime referral.respondBy}}
{{/if}}{{#if referral.urgency}}Urgency: {{referral.urgency}}
{{/if}}Consent: {{referral.consent}}

Reason for the referral:
{{referral.reason}}
{{#each sections}}

{{title}}
{{#each fields}}
  {{label}}: {{value}}
{{/each}}
{{/each}}

This form contains personal information about the person the case is about. Share it only with the people who provide the service, keep it locked away, and destroy it when it is no longer needed.
Generated {{formatDateTime generatedAt}}.
`,
        html: `<!doctype html>
<html lang="{{locale}}"><head><meta charset="utf-8"><title>Referral of case {{case.number}}</title>
<style>body{font-family:sans-serif;max-width:48rem;margin:2rem auto;color:#111}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem;border-bottom:1px solid #999}dt{font-weight:bold;margin-top:.4rem}dd{margin-left:0;white-space:pre-wrap}.note{margin-top:2rem;font-size:.9rem;border:1px solid #999;padding:.5rem}@media print{body{margin:0}}</style>
</head><body>
<h1>Referral form: case {{case.number}}</h1>
<dl>
<dt>Service requested</dt><dd>{{referral.service}}</dd>
<dt>To</dt><dd>{{provider.name}}{{#if provider.person}}, {{provider.person}}{{/if}}{{#if provider.address}}<br>{{provider.address}}{{/if}}{{#if provider.phone}}<br>{{provider.phone}}{{/if}}{{#if provider.email}}<br>{{provider.email}}{{/if}}</dd>
<dt>Referred by</dt><dd>{{referrer.name}}{{#if referrer.agency}}, {{referrer.agency}}{{/if}}{{#if referrer.phone}}<br>{{referrer.phone}}{{/if}}{{#if referrer.email}}<br>{{referrer.email}}{{/if}}</dd>
<dt>Date sent</dt><dd>{{formatDateTime referral.sentAt}}</dd>
{{#if referral.respondBy}}<dt>Please answer by</dt><dd>{{formatDateTime referral.respondBy}}</dd>{{/if}}
{{#if referral.urgency}}<dt>Urgency</dt><dd>{{referral.urgency}}</dd>{{/if}}
<dt>Consent</dt><dd>{{referral.consent}}</dd>
<dt>Reason for the referral</dt><dd>{{referral.reason}}</dd>
</dl>
{{#each sections}}
<h2>{{title}}</h2>
<dl>{{#each fields}}<dt>{{label}}</dt><dd>{{value}}</dd>{{/each}}</dl>
{{/each}}
<p class="note">This form contains personal information about the person the case is about. Share it only with the people who provide the service, keep it locked away, and destroy it when it is no longer needed. Generated {{formatDateTime generatedAt}}.</p>
</body></html>
`,
      },
    },
  },
  one(
    'transfer_requested',
    'Case {{case.number}} is being transferred to you',
    `Hello {{recipient.name}},

{{actor.name}} asks to transfer case {{case.number}} to you ({{transfer.location}}).
The case becomes yours only when you, or your supervisor, accept it.

Review the transfer: {{transfer.link}}

${FOOTER}
`,
  ),
  one(
    'transfer_answered',
    'Transfer of case {{case.number}}: {{transfer.status}}',
    `Hello {{recipient.name}},

The transfer of case {{case.number}} ({{transfer.location}}) is now: {{transfer.status}} (by {{actor.name}}).
{{#if reason}}Reason given: {{reason}}{{/if}}

{{transfer.link}}

${FOOTER}
`,
  ),
];
