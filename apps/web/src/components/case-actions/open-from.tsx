import { openableFrom } from '../../case-opening';
import { Link } from '../../router';
import { useApp, useT } from '../../session';
import { creatableCaseTypes, pick, type SopSummary } from '../../sop';
import type { CaseView } from './case-view';

/**
 * Opening a case from this one, where the pack says a case type can be (a child protection case
 * from a notification), for users who may register that type: the registration starts with the
 * answers the pack carries over and links the new case to this one.
 */
export function OpenCaseFrom({ c, sop }: { c: CaseView; sop: SopSummary | null }) {
  const t = useT();
  const { me, locale } = useApp();
  if (!sop || !me || c.status === 'closed') return null;
  const targets = openableFrom(sop, c.caseType, creatableCaseTypes(sop, me.roles));
  if (targets.length === 0) return null;
  return (
    <section className="card" aria-labelledby="open-from-title">
      <h2 id="open-from-title">{t('openFrom.title')}</h2>
      <p className="meta">{t('openFrom.help')}</p>
      <div className="actions">
        {targets.map((id) => (
          <Link key={id} className="button" href={`/cases/new?caseType=${encodeURIComponent(id)}&from=${encodeURIComponent(c.id)}`}>
            {t('openFrom.action', { type: pick(sop.manifest.caseTypes.find((ct) => ct.id === id)?.label, locale) })}
          </Link>
        ))}
      </div>
    </section>
  );
}
