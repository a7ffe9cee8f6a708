import { formatDateTime } from '../../i18n';
import { pick, SopSummary } from '../../sop';
import type { SimulationResult, SimulationStep, SimulationT } from './simulation-texts';

interface Props {
  result: SimulationResult;
  sop: SopSummary;
  t: SimulationT;
  locale: string;
  timeZone?: string;
}

/** What the simulation says after each action, in sentences with the pack's labels. */
export function SimulationResults({ result, sop, t, locale, timeZone }: Props) {
  return (
    <ol className="simulation-steps">
      {result.steps.map((step) => (
        <StepResult key={step.index} step={step} caseType={result.caseType} sop={sop} t={t} locale={locale} timeZone={timeZone} />
      ))}
    </ol>
  );
}

function StepResult({
  step,
  caseType,
  sop,
  t,
  locale,
  timeZone,
}: {
  step: SimulationStep;
  caseType: string;
  sop: SopSummary;
  t: SimulationT;
  locale: string;
  timeZone?: string;
}) {
  const roleName = (id: string) => step.transitions.find((r) => r.role === id)?.label ?? pick(sop.roles.find((r) => r.id === id)?.label, locale) ?? id;
  const formName = (id: string) => pick(sop.forms.find((f) => f.id === id)?.title, locale) || id;
  const fieldName = (form: string, field: string) => (sop.forms.find((f) => f.id === form)?.schema?.properties?.[field]?.title as string | undefined) ?? field;
  const transitionName = (id: string) => pick(sop.workflow.transitions.find((x) => x.id === id)?.label, locale) || id;
  const a = step.action;
  const action = t(`simulation.action.${a.kind}`, {
    role: roleName(a.role),
    form: a.form ? formName(a.form) : '',
    transition: a.transition ? transitionName(a.transition) : '',
  });
  const changed = [...step.deadlines.set, ...step.deadlines.rescheduled.filter((d) => !step.deadlines.set.some((s) => s.key === d.key))];
  const messages = step.alerts.flatMap((alert) => alert.messages.map((m) => ({ alert, m })));
  return (
    <li className="card simulation-step">
      <h3>{t('simulation.stepHeading', { n: step.index + 1, action })}</h3>
      <p>
        {t('simulation.nowAt', { step: step.step.label })} {step.risk ? t('simulation.risk', { risk: riskLabel(sop, caseType, step.risk) }) : null}{' '}
        {step.pendingApproval ? t('simulation.pending', { transition: transitionName(step.pendingApproval) }) : null}
      </p>
      <h4>{t('simulation.deadlines')}</h4>
      {changed.length + step.deadlines.closed.length === 0 ? <p className="meta">{t('simulation.noDeadlines')}</p> : null}
      <ul>
        {changed.map((d) => (
          <li key={`set-${d.key}`} className="simulation-deadline">
            {t('simulation.deadlineSet', { label: d.label, due: formatDateTime(d.dueAt, locale, timeZone), hours: d.hoursAfterAction })}
          </li>
        ))}
        {step.deadlines.closed.map((d) => (
          <li key={`closed-${d.key}`}>{t('simulation.deadlineClosed', { label: d.label, status: t(`simulation.status.${d.status}`) })}</li>
        ))}
      </ul>
      <h4>{t('simulation.messages')}</h4>
      {messages.length === 0 ? <p className="meta">{t('simulation.noMessages')}</p> : null}
      <ul>
        {messages.map(({ alert, m }, i) => (
          <li key={i} className="simulation-message">
            {t('simulation.message', {
              kind: t(`simulation.alert.${alert.kind}`),
              at: formatDateTime(alert.at, locale, timeZone),
              roles: m.roles.length ? m.roles.map((r) => r.label).join(', ') : t('simulation.nobody'),
              channels: m.channels.join(', '),
              subject: m.subject,
            })}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t('simulation.transitions')}</summary>
        <ul>
          {step.transitions.map((r) => {
            const may = r.transitions.filter((x) => x.available).map((x) => x.label);
            return (
              <li key={r.role}>
                {may.length ? t('simulation.may', { role: r.label, transitions: may.join(', ') }) : t('simulation.mayNothing', { role: r.label })}
                <ul>
                  {r.transitions
                    .filter((x) => !x.available && !x.reasons.some((why) => why.code === 'role_not_allowed'))
                    .map((x) => (
                      <li key={x.id} className="meta">
                        {t('simulation.refused', { transition: x.label, reasons: x.reasons.map((why) => why.message).join(' ') })}
                      </li>
                    ))}
                </ul>
              </li>
            );
          })}
        </ul>
      </details>
      <details>
        <summary>{t('simulation.fields')}</summary>
        <ul>
          {step.fields.flatMap((r) =>
            Object.entries(r.forms).map(([form, fields]) => {
              const seen = Object.entries(fields)
                .filter(([, access]) => access !== 'hidden')
                .map(([field]) => fieldName(form, field));
              return (
                <li key={`${r.role}-${form}`} className="simulation-fields">
                  {seen.length
                    ? t('simulation.sees', { role: r.label, form: formName(form), fields: seen.join(', ') })
                    : t('simulation.seesNothing', { role: r.label, form: formName(form) })}
                </li>
              );
            }),
          )}
        </ul>
      </details>
    </li>
  );
}

/** The risk level's option label, from the case type's risk field in the (localised) form schema. */
function riskLabel(sop: SopSummary, caseType: string, risk: string): string {
  const [form, field] = (sop.manifest.caseTypes.find((c) => c.id === caseType)?.riskField ?? '').split('.');
  const options = sop.forms.find((f) => f.id === form)?.schema?.properties?.[field]?.oneOf as Array<{ const: unknown; title?: string }> | undefined;
  return options?.find((o) => o.const === risk)?.title ?? risk;
}
