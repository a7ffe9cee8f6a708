import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { ApiSchemas } from '../../api-types';
import { Problem } from '../../components/problem';
import { LOCALES } from '../../i18n';
import { DraftView, findingsAt, packLocales, PatchOperation } from './draft-model';
import { FindingList } from './finding-list';
import type { StudioT } from './studio-texts';
import { DraftTemplate, draftTemplates, TemplateSources, templateEdits, templatePointer } from './templates-model';
import { templateName, useTemplatesT } from './templates-texts';
import './studio-templates.css';

type Preview = ApiSchemas['TemplatePreview'];
type PreviewProblem = ApiSchemas['TemplatePreviewProblem'];

/** Typing pauses this long before the preview is asked for again. */
const PREVIEW_DELAY_MS = 400;

/** The message templates: one chosen by its name, its subject and text in every language side by side, and its preview on a sample case. */
export function TemplatesEditor(props: { draft: DraftView; locale: string; send(ops: PatchOperation[]): Promise<boolean>; busy: boolean }) {
  const t = useTemplatesT();
  const templates = draftTemplates(props.draft.files);
  const [chosen, setChosen] = useState(templates[0]?.id ?? '');
  const template = templates.find((x) => x.id === chosen) ?? templates[0];
  return (
    <>
      <h2 id="studio-templates-title">{t('templates.heading')}</h2>
      <p>{t('templates.intro')}</p>
      <p className="studio-grid">
        <label htmlFor="studio-template-choice">{t('templates.choose')}</label>
        <select id="studio-template-choice" value={template?.id ?? ''} onChange={(e) => setChosen(e.target.value)}>
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {templateName(x.id, t)}
            </option>
          ))}
        </select>
      </p>
      {template && <TemplateForm key={template.id} template={template} t={t} {...props} />}
    </>
  );
}

function TemplateForm(props: {
  template: DraftTemplate;
  draft: DraftView;
  locale: string;
  t: StudioT;
  send(ops: PatchOperation[]): Promise<boolean>;
  busy: boolean;
}) {
  const { template, draft, t } = props;
  const locales = packLocales(draft.files);
  const name = templateName(template.id, t);
  const stored = (): Record<string, TemplateSources> =>
    Object.fromEntries(locales.map((l) => [l, { subject: template.locales[l]?.subject ?? '', text: template.locales[l]?.text ?? '' }]));
  // What was typed stays until the server has it (a refused save, others' edits elsewhere); it starts
  // again from the server's only when this template changes there.
  const server = JSON.stringify(stored());
  const [typed, setTyped] = useState({ server, sources: stored() });
  if (typed.server !== server) setTyped({ server, sources: stored() });
  const sources = typed.server === server ? typed.sources : stored();
  const set = (locale: string, part: 'subject' | 'text', value: string) =>
    setTyped({ server, sources: { ...sources, [locale]: { ...sources[locale], [part]: value } } });
  const ops = templateEdits(draft.files, template.id, sources);
  const titleId = `studio-template-${template.id}`;

  return (
    <div className="studio-template">
      <h3 id={titleId}>{t('templates.languages', { template: name })}</h3>
      <div className="studio-template-languages" role="group" aria-labelledby={titleId}>
        {locales.map((l) => {
          const dir = LOCALES[l]?.dir ?? 'ltr';
          const id = `${titleId}-${l}`;
          const findings = findingsAt(draft.findings, templatePointer(template.id, l, 'subject'))
            .concat(findingsAt(draft.findings, templatePointer(template.id, l, 'text')))
            .concat(findingsAt(draft.findings, templatePointer(template.id, l, 'html')));
          return (
            <fieldset key={l} className={findings.length ? 'has-findings' : undefined}>
              <legend>{LOCALES[l]?.name ?? l}</legend>
              <label htmlFor={`${id}-subject`}>{t('templates.subject')}</label>
              <input id={`${id}-subject`} lang={l} dir={dir} value={sources[l]?.subject ?? ''} onChange={(e) => set(l, 'subject', e.target.value)} />
              <label htmlFor={`${id}-text`}>{t('templates.text')}</label>
              <textarea id={`${id}-text`} lang={l} dir={dir} rows={8} value={sources[l]?.text ?? ''} onChange={(e) => set(l, 'text', e.target.value)} />
              {template.locales[l]?.html !== undefined && <p className="meta">{t('templates.htmlNote')}</p>}
              <FindingList findings={findings} t={t} />
            </fieldset>
          );
        })}
      </div>
      <button type="button" disabled={props.busy || ops.length === 0} onClick={() => void props.send(ops)}>
        {t('templates.save', { template: name })}
      </button>
      <TemplatePreview draftId={draft.id} templateId={template.id} locales={locales} uiLocale={props.locale} sources={sources} t={t} />
    </div>
  );
}

function TemplatePreview(props: {
  draftId: number;
  templateId: string;
  locales: string[];
  uiLocale: string;
  sources: Record<string, TemplateSources>;
  t: StudioT;
}) {
  const { t, locales } = props;
  const [locale, setLocale] = useState(locales.includes(props.uiLocale) ? props.uiLocale : locales[0]);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const subject = props.sources[locale]?.subject ?? '';
  const text = props.sources[locale]?.text ?? '';
  const current = preview?.locale === locale && preview.templateId === props.templateId;

  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      api<Preview>('POST', `/api/sop/drafts/${props.draftId}/templates/${encodeURIComponent(props.templateId)}/preview`, { locale, subject, text })
        .then((p) => {
          if (stale) return;
          setPreview(p);
          setError(null);
        })
        .catch((e: unknown) => {
          if (!stale) setError(e);
        });
    }, PREVIEW_DELAY_MS);
    // An answer to older typing must not replace the newer one's.
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [props.draftId, props.templateId, locale, subject, text]);

  const dir = LOCALES[locale]?.dir ?? 'ltr';
  const id = `studio-preview-${props.templateId}`;
  return (
    <section className="studio-template-preview" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('templates.preview')}</h3>
      <p className="studio-grid">
        <label htmlFor={`${id}-locale`}>{t('templates.previewLanguage')}</label>
        <select id={`${id}-locale`} value={locale} onChange={(e) => setLocale(e.target.value)}>
          {locales.map((l) => (
            <option key={l} value={l}>
              {LOCALES[l]?.name ?? l}
            </option>
          ))}
        </select>
      </p>
      <p className="meta">{t('templates.previewHelp')}</p>
      <div aria-live="polite" aria-busy={!current}>
        {error ? <Problem error={error} /> : !current ? <p>{t('templates.previewing')}</p> : <PreviewBody preview={preview} dir={dir} t={t} />}
      </div>
    </section>
  );
}

function PreviewBody({ preview, dir, t }: { preview: Preview; dir: string; t: StudioT }) {
  if (!preview.rendered) {
    return (
      <div className="problem studio-template-problems" data-testid="template-problems">
        <p>{t('templates.problems')}</p>
        <ul>
          {preview.problems.map((p, i) => (
            <li key={i} data-code={p.code}>
              <ProblemWords problem={p} t={t} />
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <div className="studio-template-rendered" lang={preview.locale} dir={dir} data-testid="template-rendered">
      <p>
        <strong>{t('templates.previewSubject')}</strong> <bdi>{preview.rendered.subject}</bdi>
      </p>
      <pre>{preview.rendered.text}</pre>
    </div>
  );
}

/** Where (part, line, column), what in the studio's words, and the engine's own detail (in English, naming the variable or helper). */
function ProblemWords({ problem: p, t }: { problem: PreviewProblem; t: StudioT }) {
  const part = t(`templates.part.${p.part}`);
  const where =
    p.line === undefined
      ? part
      : p.column === undefined
        ? t('templates.problemAtLine', { part, line: p.line })
        : t('templates.problemAt', { part, line: p.line, column: p.column });
  const key = `templates.problem.${p.code}`;
  const what = t(key) === key ? t('templates.problem.other') : t(key);
  return (
    <>
      <strong>{where}</strong> — {what}:{' '}
      <span lang="en" dir="ltr">
        {p.message}
      </span>
    </>
  );
}
