import { ReactNode, useEffect, useState } from 'react';
import { ApiError } from '../api';
import {
  AdminSop,
  AdminT,
  conditionTexts,
  durationText,
  eventText,
  fieldText,
  LintResult,
  namesOf,
  PublishedVersion,
  ruleText,
  useAdminT,
  word,
} from '../admin-texts';
import { FormPreview } from '../components/form-preview';
import { Loading, Problem } from '../components/problem';
import { WorkflowGraph } from '../components/workflow-graph';
import { formatDateTime } from '../i18n';
import { useApp } from '../session';
import { currentSop, pick } from '../sop';
import { useApi } from '../use-api';
import { PackVersionsLink } from '../pack-versions/pack-versions-link';
import { SimulationLink } from './simulation/simulation-link';
import { StudioLink } from './studio/studio-link';
import '../admin.css';

export default function AdminPackPage() {
  const t = useAdminT();
  const { locale, timeZone } = useApp();
  // The lint results need `administer`: their answer decides whether the rest of the page is shown.
  const lint = useApi<LintResult>('/api/admin/sop/lint');
  const isAdmin = !!lint.data;
  const versions = useApi<PublishedVersion[]>(isAdmin ? '/api/sop/versions' : null);
  const [sop, setSop] = useState<AdminSop | null>(null);
  const [sopError, setSopError] = useState<unknown>(null);
  useEffect(() => {
    if (!isAdmin) return;
    let live = true;
    currentSop(locale)
      .then((s) => {
        if (live) setSop(s as unknown as AdminSop);
      })
      .catch((e) => {
        if (live) setSopError(e);
      });
    return () => {
      live = false;
    };
  }, [locale, isAdmin]);

  if (lint.error instanceof ApiError && lint.error.status === 403) {
    return (
      <section className="card" aria-labelledby="admin-title">
        <h1 id="admin-title">{t('admin.title')}</h1>
        <p className="admin-only">{t('admin.onlyAdministrators')}</p>
      </section>
    );
  }
  if (lint.error) return <Problem error={lint.error} />;
  if (sopError) return <Problem error={sopError} />;
  if (!lint.data || !sop) return <Loading />;

  const names = namesOf(sop, locale, t);
  const sections: Array<[string, string]> = [
    ['admin-case-types', t('admin.caseTypes')],
    ['admin-steps', t('admin.steps')],
    ['admin-diagram', t('admin.diagram')],
    ['admin-transitions', t('admin.transitions')],
    ['admin-deadlines', t('admin.deadlines')],
    ['admin-roles', t('admin.roles')],
    ['admin-preview', t('admin.preview')],
    ['admin-lint', t('admin.lint')],
    ['admin-versions', t('admin.versions')],
  ];
  return (
    <div className="admin-pack">
      <h1 id="admin-title">{t('admin.packTitle', { name: pick(sop.manifest.name, locale) })}</h1>
      <dl className="summary card">
        <div>
          <dt>{t('admin.packId')}</dt>
          <dd>
            <code>{sop.packId}</code>
          </dd>
        </div>
        <div>
          <dt>{t('admin.version')}</dt>
          <dd>{sop.version}</dd>
        </div>
        <div>
          <dt>{t('admin.published')}</dt>
          <dd>{formatDateTime(sop.publishedAt, locale, timeZone)}</dd>
        </div>
        <div>
          <dt>{t('admin.country')}</dt>
          <dd>{sop.manifest.country}</dd>
        </div>
        <div>
          <dt>{t('admin.languages')}</dt>
          <dd>{sop.manifest.locales.join(', ')}</dd>
        </div>
        <div>
          <dt>{t('admin.timezone')}</dt>
          <dd>{sop.manifest.timezone ?? 'UTC'}</dd>
        </div>
      </dl>
      <nav aria-labelledby="admin-toc-title" className="card admin-toc">
        <h2 id="admin-toc-title">{t('admin.onThisPage')}</h2>
        <ul>
          {sections.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>

      <Section id="admin-case-types" title={t('admin.caseTypes')}>
        <Table
          caption={t('admin.caseTypes')}
          head={[t('admin.caseType'), t('admin.startStep'), t('admin.startForm'), t('admin.caseNumber'), t('admin.assignTo')]}
        >
          {sop.manifest.caseTypes.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                {pick(c.label, locale)} <Id id={c.id} />
              </th>
              <td>{names.step(c.startStep)}</td>
              <td>{names.form(c.startForm)}</td>
              <td>
                <code>{c.caseNumberFormat}</code>
              </td>
              <td>
                {typeof c.assignTo === 'string'
                  ? word(t, 'admin.assignTo', c.assignTo)
                  : t('admin.assignTo.intakeQueue', { roles: c.assignTo.intakeQueue.roles.map(names.role).join(', ') })}
              </td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section id="admin-steps" title={t('admin.steps')}>
        <Table caption={t('admin.steps')} head={[t('admin.step'), t('admin.kind'), t('admin.forms')]}>
          {sop.workflow.steps.map((s) => (
            <tr key={s.id} className={`kind-${s.kind}`}>
              <th scope="row">
                {pick(s.label, locale)} <Id id={s.id} />
              </th>
              <td>{word(t, 'admin.kind', s.kind)}</td>
              <td>
                {(s.forms ?? []).length === 0 ? (
                  '—'
                ) : (
                  <ul className="plain">
                    {s.forms!.map((f) => (
                      <li key={f.form}>
                        {names.form(f.form)}{' '}
                        <span className="meta">
                          ({word(t, 'admin.use', f.use)}
                          {f.minEntries ? `, ${t('admin.minEntries', { n: f.minEntries })}` : ''})
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section id="admin-diagram" title={t('admin.diagram')}>
        <WorkflowGraph pack={sop} locale={locale} t={t} />
      </Section>

      <Section id="admin-transitions" title={t('admin.transitions')}>
        <Table
          caption={t('admin.transitions')}
          head={[
            t('admin.transition'),
            t('admin.fromTo'),
            t('admin.whoMay'),
            t('admin.requiredForms'),
            t('admin.guards'),
            t('admin.approval'),
            t('admin.effects'),
          ]}
        >
          {sop.workflow.transitions.map((tr) => (
            <tr key={tr.id}>
              <th scope="row">
                {pick(tr.label, locale)} <Id id={tr.id} />
              </th>
              <td>
                {tr.from === '*' ? t('admin.anyNormalStep') : tr.from.map(names.step).join(', ')}
                <div className="to">→ {names.step(tr.to)}</div>
              </td>
              <td>{tr.roles.map(names.role).join(', ')}</td>
              <td>{(tr.requiresForms ?? []).map(names.form).join(', ') || '—'}</td>
              <td>
                {(tr.guards ?? []).length === 0 ? (
                  '—'
                ) : (
                  <ul className="plain">
                    {tr.guards!.map((g, i) => (
                      <li key={i}>
                        {pick(g.message, locale)} <code className="rule">{ruleText(g.rule, t)}</code>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>{tr.approval ? t('admin.approvedBy', { roles: tr.approval.roles.map(names.role).join(', ') }) : '—'}</td>
              <td>
                {(tr.effects ?? []).length === 0 ? (
                  '—'
                ) : (
                  <ul className="plain">
                    {tr.effects!.map((e, i) => (
                      <li key={i}>{effectText(e, t)}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section id="admin-deadlines" title={t('admin.deadlines')}>
        <Table
          caption={t('admin.deadlines')}
          head={[
            t('admin.deadline'),
            t('admin.caseTypes'),
            t('admin.anchor'),
            t('admin.due'),
            t('admin.closeOn'),
            t('admin.reminders'),
            t('admin.escalations'),
          ]}
        >
          {sop.deadlines.map((d) => (
            <tr key={d.id}>
              <th scope="row">
                {pick(d.label, locale)} <Id id={d.id} />
              </th>
              <td>{d.caseTypes ? d.caseTypes.map(names.caseType).join(', ') : t('admin.allCaseTypes')}</td>
              <td>
                {eventText(d.anchor, names, t)}
                {d.when !== undefined && (
                  <div className="meta">
                    {t('admin.onlyWhen')} <code className="rule">{ruleText(d.when, t)}</code>
                  </div>
                )}
              </td>
              <td>
                <ul className="plain">
                  {d.due.map((due, i) => (
                    <li key={i}>
                      {durationText(due.after, t)}
                      {due.when !== undefined ? (
                        <>
                          {' '}
                          {t('admin.dueWhen')} <code className="rule">{ruleText(due.when, t)}</code>
                        </>
                      ) : d.due.length > 1 ? (
                        ` ${t('admin.otherwise')}`
                      ) : (
                        ''
                      )}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <ul className="plain">
                  {d.closeOn.map((c, i) => (
                    <li key={i}>{eventText(c, names, t)}</li>
                  ))}
                </ul>
              </td>
              <td>
                {(d.reminders ?? []).length === 0 ? (
                  '—'
                ) : (
                  <ul className="plain">
                    {d.reminders!.map((r, i) => (
                      <li key={i}>{t('admin.reminder', { when: durationText(r.before, t), who: r.notify.map(names.role).join(', ') })}</li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                {(d.escalation ?? []).length === 0 ? (
                  '—'
                ) : (
                  <ul className="plain">
                    {d.escalation!.map((r, i) => (
                      <li key={i}>{t('admin.escalation', { when: durationText(r.afterOverdue, t), who: r.notify.map(names.role).join(', ') })}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section id="admin-roles" title={t('admin.roles')}>
        <p className="meta">{t('admin.rolesHelp')}</p>
        {sop.roles.map((r) => (
          <section key={r.id} className="admin-role" aria-labelledby={`role-${r.id}`}>
            <h3 id={`role-${r.id}`}>
              {pick(r.label, locale)} <Id id={r.id} />
            </h3>
            {r.description && <p>{r.description}</p>}
            <p className="flags">
              {r.administer && <span className="badge">{t('admin.flag.administer')}</span>}
              {r.requiresTwoFactor && <span className="badge">{t('admin.flag.twoFactor')}</span>}
              {r.supervisesTeam && <span className="badge">{t('admin.flag.supervisesTeam')}</span>}
            </p>
            {r.rules.length === 0 ? (
              <p className="meta">{t('admin.noRules')}</p>
            ) : (
              <ul className="rules">
                {r.rules.map((rule, i) => {
                  const actions = (Array.isArray(rule.action) ? rule.action : [rule.action]).map((a) => word(t, 'admin.action', a));
                  const conditions = conditionTexts(rule.conditions, names, t);
                  return (
                    <li key={i}>
                      <strong>{t('admin.rule.may', { actions: actions.join(', '), subject: word(t, 'admin.subject', rule.subject) })}</strong>
                      {rule.fields && (
                        <div>
                          {t('admin.rule.fields')} {rule.fields.map((f) => fieldText(f, names, t)).join('; ')}
                        </div>
                      )}
                      <div>{conditions.length === 0 ? t('admin.rule.always') : `${t('admin.rule.when')} ${conditions.join('; ')}`}</div>
                      {rule.note && <div className="meta">{rule.note}</div>}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        ))}
      </Section>

      <Section id="admin-preview" title={t('admin.preview')}>
        <FormPreview sop={sop} names={names} t={t} locale={locale} />
      </Section>

      <Section id="admin-lint" title={t('admin.lint')}>
        <LintResults lint={lint.data} t={t} />
      </Section>

      <Section id="admin-versions" title={t('admin.versions')}>
        <PackVersionsLink />
        <SimulationLink />
        <StudioLink />
        {versions.error ? (
          <Problem error={versions.error} />
        ) : !versions.data ? (
          <Loading />
        ) : (
          <Table
            caption={t('admin.versions')}
            head={[t('admin.version'), t('admin.published'), t('admin.publishedBy'), t('admin.note'), t('admin.contentHash')]}
          >
            {versions.data.map((v) => (
              <tr key={v.id} aria-current={v.version === sop.version ? 'true' : undefined}>
                <th scope="row">
                  {v.version}
                  {v.version === sop.version ? ` (${t('admin.current')})` : ''}
                </th>
                <td>{formatDateTime(v.publishedAt, locale, timeZone)}</td>
                {/* The server publishes the pack it starts with as 'startup'. */}
                <td>{!v.publishedBy || v.publishedBy === 'startup' ? t('admin.startup') : v.publishedBy}</td>
                <td>{v.note ?? '—'}</td>
                <td>
                  <code>{v.contentHash.slice(0, 12)}</code>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}

function effectText(e: { type: string; [k: string]: unknown }, t: AdminT): string {
  const { type, ...options } = e;
  const name = word(t, 'admin.effect', type);
  const opts = Object.entries(options).map(
    ([k, v]) => `${word(t, 'admin.effectOption', k)}: ${typeof v === 'object' && v !== null ? ruleText(v, t) : String(v)}`,
  );
  return opts.length ? `${name} (${opts.join(', ')})` : name;
}

function LintResults({ lint, t }: { lint: LintResult; t: AdminT }) {
  return (
    <>
      <p className="lint-summary">
        <strong>{t('admin.lintValid')}</strong> <span className={lint.errors > 0 ? 'severity-error' : ''}>{t('admin.lintErrors', { n: lint.errors })}</span>,{' '}
        <span className={lint.warnings > 0 ? 'severity-warning' : ''}>{t('admin.lintWarnings', { n: lint.warnings })}</span>
      </p>
      <p className="meta">{t('admin.lintHelp')}</p>
      {lint.issues.length === 0 ? (
        <p>{t('admin.lintNone')}</p>
      ) : (
        <Table caption={t('admin.lint')} head={[t('admin.severity'), t('admin.code'), t('admin.file'), t('admin.path'), t('admin.message')]}>
          {lint.issues.map((i, n) => (
            <tr key={n}>
              <th scope="row" className={`severity-${i.severity}`}>
                {t(`admin.severity.${i.severity}`)}
              </th>
              <td>
                <code>{i.code}</code>
              </td>
              <td>
                <code>{i.file}</code>
              </td>
              <td>
                <code dir="ltr">{i.path}</code>
              </td>
              <td>{i.message}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="card">
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/** A table that scrolls sideways inside its own box on narrow screens (keyboard-scrollable). */
export function Table({ caption, head, children }: { caption: string; head: string[]; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function Id({ id }: { id: string }) {
  return (
    <code className="id" dir="ltr">
      {id}
    </code>
  );
}
