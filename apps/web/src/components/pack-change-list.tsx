import { useAdminT } from '../admin-texts';
import { changeText, PackVersionDiff, useVersionsT, wordingFor } from '../pack-versions/pack-versions-texts';
import { useApp } from '../session';
import '../pack-versions/pack-versions.css';

/** The changes of a pack diff in the reader's language, with labels (two published versions, or a draft against the published one). */
export function PackChangeList({ diff, empty }: { diff: Pick<PackVersionDiff, 'changes' | 'labels'>; empty: string }) {
  const t = useVersionsT();
  const adminT = useAdminT();
  const { locale } = useApp();
  if (diff.changes.length === 0) return <p>{empty}</p>;
  const wording = wordingFor(diff, locale, t, adminT);
  return (
    <>
      <p>{t('versions.changeCount', { n: diff.changes.length })}</p>
      <ul className="pack-changes">
        {diff.changes.map((c, i) => (
          <li key={i} data-kind={c.kind}>
            {changeText(c, wording)}
          </li>
        ))}
      </ul>
    </>
  );
}
