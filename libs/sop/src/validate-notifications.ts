/**
 * notifications.json and the message templates beside it: assembling `pack.notifications` and
 * checking it. Template sources are checked by @app/templates, the same code that renders them.
 */
import { fieldSchemaOf } from '@app/forms';
import { checkTemplateSource, DEFAULT_TEMPLATES, formatTemplateProblem, messageKindOf, STANDARD_TEMPLATE_IDS, type TemplatePart } from '@app/templates';
import type { MessageTemplateDef, MessageTemplateSources, NotificationsDef, SopPack } from '@app/pack-types';
import { TEMPLATES_DIR, type PackFiles } from './pack-files';
import { jp, PackIssue } from './pack-issue';

const TEMPLATE_PARTS: readonly TemplatePart[] = ['subject', 'text', 'html'];
const TEMPLATE_FILE = /^templates\/([A-Za-z][A-Za-z0-9_.-]*)\/([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.(subject|text|html)\.hbs$/;

/** Without notifications.json: no channel besides the inbox, no digest. */
export const DEFAULT_DIGEST = { enabled: false, hour: 6 } as const;

/** `templates/<id>/<locale>.<part>.hbs` */
export function templateFileName(id: string, locale: string, part: TemplatePart): string {
  return `${TEMPLATES_DIR}/${id}/${locale}.${part}.hbs`;
}

function parseTemplateFile(name: string): { id: string; locale: string; part: TemplatePart } | null {
  const m = TEMPLATE_FILE.exec(name);
  return m ? { id: m[1], locale: m[2], part: m[3] as TemplatePart } : null;
}

export function isTemplateFile(name: string): boolean {
  return name.startsWith(`${TEMPLATES_DIR}/`);
}

/** Names and content types of the files under templates/ (before the pack is assembled). */
export function templateFileIssues(files: PackFiles): PackIssue[] {
  const issues: PackIssue[] = [];
  for (const name of Object.keys(files).filter(isTemplateFile)) {
    if (!parseTemplateFile(name)) {
      issues.push({
        file: name,
        path: '$',
        code: 'unknown_template_file',
        severity: 'error',
        message:
          'not a template file: template sources are named templates/<template id>/<locale>.<subject|text|html>.hbs, e.g. templates/deadline_reminder/en.subject.hbs',
      });
    } else if (typeof files[name] !== 'string') {
      issues.push({ file: name, path: '$', code: 'template_not_text', severity: 'error', message: 'a template file must be text' });
    }
  }
  return issues;
}

/**
 * `pack.notifications` from notifications.json and the template files (already structurally valid).
 * Standard ids the pack does not define get the built-in template; a pack template replaces it entirely.
 */
export function buildNotifications(files: PackFiles): NotificationsDef {
  const json = (files['notifications.json'] ?? {}) as {
    channels?: string[];
    digest?: { enabled?: boolean; hour?: number };
    templates?: Record<string, { answers?: string[] }>;
  };
  const templates: Record<string, MessageTemplateDef> = {};
  const defOf = (id: string) => (templates[id] ??= { id, answers: [...(json.templates?.[id]?.answers ?? [])], locales: {} });
  for (const id of Object.keys(json.templates ?? {})) defOf(id);
  for (const name of Object.keys(files).sort()) {
    const f = parseTemplateFile(name);
    if (!f || typeof files[name] !== 'string') continue;
    // Parts may be missing here; checkNotifications reports them before the pack is used.
    const sources = (defOf(f.id).locales[f.locale] ??= {} as MessageTemplateSources);
    sources[f.part] = files[name] as string;
  }
  for (const id of STANDARD_TEMPLATE_IDS) templates[id] ??= DEFAULT_TEMPLATES[id];
  return {
    channels: [...(json.channels ?? [])],
    digest: { enabled: json.digest?.enabled ?? DEFAULT_DIGEST.enabled, hour: json.digest?.hour ?? DEFAULT_DIGEST.hour },
    templates,
  };
}

/** The templates the pack defines itself (not the built-in defaults). */
export function packTemplates(pack: SopPack): MessageTemplateDef[] {
  return Object.values(pack.notifications.templates).filter((t) => DEFAULT_TEMPLATES[t.id] !== t);
}

/** Reference checks: template files, sources, declared answers, and the templates deadlines name. */
export function checkNotifications(pack: SopPack): PackIssue[] {
  const issues: PackIssue[] = [];
  const err = (file: string, path: string, code: string, message: string) => issues.push({ file, path, code, message, severity: 'error' });
  const { manifest, notifications } = pack;
  const F = 'notifications.json';

  for (const def of packTemplates(pack)) {
    const kind = messageKindOf(def.id);
    const answersPath = jp('$.templates', def.id, 'answers');
    def.answers.forEach((answer, i) => checkAnswer(pack, answer, (code, message) => err(F, jp(answersPath, i), code, message)));
    if (def.answers.length > 0 && kind !== 'deadline') {
      issues.push({
        file: F,
        path: answersPath,
        code: 'answers_not_available',
        severity: 'warning',
        message: `${kind} messages carry no answers; "answers" is ignored for template "${def.id}"`,
      });
    }
    const locales = new Set([manifest.defaultLocale, ...Object.keys(def.locales)]);
    for (const locale of locales) {
      const sources: Partial<MessageTemplateSources> = def.locales[locale] ?? {};
      const known = manifest.locales.includes(locale);
      for (const part of TEMPLATE_PARTS) {
        const file = templateFileName(def.id, locale, part);
        const source = sources[part];
        if (source === undefined) {
          if (part === 'html') continue;
          const why =
            locale === manifest.defaultLocale && !def.locales[locale]
              ? `template "${def.id}" needs a subject and a text in the pack's default locale "${locale}"`
              : `every language of template "${def.id}" needs a subject and a text`;
          if (known) err(file, '$', 'missing_template_part', `is missing: ${why}`);
          continue;
        }
        if (!known) {
          err(file, '$', 'unknown_locale', `"${locale}" is not one of the pack locales: ${manifest.locales.join(', ')}`);
          continue;
        }
        for (const p of checkTemplateSource(source, kind, part, def.answers)) {
          err(file, '$', `template_${p.code}`, formatTemplateProblem(p));
        }
      }
    }
  }

  // deadlines.json: a named template must exist and be a deadline message.
  pack.deadlines.forEach((d, i) => {
    const entries = [
      ...(d.reminders ?? []).map((r, j) => ({ template: r.template, path: jp('$.deadlines', i, 'reminders', j, 'template') })),
      ...(d.escalation ?? []).map((r, j) => ({ template: r.template, path: jp('$.deadlines', i, 'escalation', j, 'template') })),
    ];
    for (const { template, path } of entries) {
      if (template === undefined) continue;
      if (!notifications.templates[template]) {
        err(
          'deadlines.json',
          path,
          'unknown_template',
          `message template "${template}" does not exist (define it in templates/${template}/ or use ${STANDARD_TEMPLATE_IDS.slice(0, 2).join(' or ')})`,
        );
      } else if (messageKindOf(template) !== 'deadline') {
        err('deadlines.json', path, 'wrong_template_kind', `"${template}" is the ${messageKindOf(template)} message, not a deadline message`);
      }
    }
  });
  return issues;
}

/**
 * An answer a message may show: `formId.field` of a pack form, and not sensitive (a sensitive answer
 * must never leave the system in a message, whoever may read it on screen).
 */
function checkAnswer(pack: SopPack, answer: string, report: (code: string, message: string) => void): void {
  const dot = answer.indexOf('.');
  if (dot <= 0 || dot === answer.length - 1) {
    report('bad_field_path', `"${answer}" must be written as formId.field`);
    return;
  }
  const formId = answer.slice(0, dot);
  const field = answer.slice(dot + 1);
  const form = pack.forms.find((f) => f.id === formId);
  if (!form) {
    report('unknown_form', `form "${formId}" is not listed in pack.json forms`);
    return;
  }
  if (!fieldSchemaOf(form.schema, field)) {
    report('unknown_field', `form "${formId}" has no field "${field}"`);
    return;
  }
  // A field inside a sensitive group is sensitive too.
  const parts = field.split('.');
  const sensitive = parts.some((_, k) => fieldSchemaOf(form.schema, parts.slice(0, k + 1).join('.'))?.['x-sensitive'] === true);
  if (sensitive) {
    report('sensitive_answer_in_message', `field "${answer}" is marked x-sensitive and must not be sent in messages`);
  }
}
