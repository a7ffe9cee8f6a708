import type { ApiSchemas } from '../../api-types';
import { PackChangeList } from '../../components/pack-change-list';
import { Loading, Problem } from '../../components/problem';
import { useApi } from '../../use-api';
import type { DraftView } from './draft-model';
import type { StudioT } from './studio-texts';

type DraftDiff = ApiSchemas['SopDraftDiff'];

/** What publishing the draft would change, worded as the versions page words a diff; read again at each revision. */
export function DraftDiff({ draft, t }: { draft: DraftView; t: StudioT }) {
  // The revision in the path: each edit is a new answer (the server ignores the query).
  const diff = useApi<DraftDiff>(`/api/sop/drafts/${draft.id}/diff?revision=${draft.revision}`);
  if (diff.error) return <Problem error={diff.error} />;
  if (!diff.data) return <Loading />;
  const current = diff.data.revision === draft.revision;
  return (
    <div className="studio-diff" aria-busy={!current} data-revision={diff.data.revision}>
      <p>{t('studio.diff.against', { version: diff.data.against.version })}</p>
      {diff.data.comparable ? <PackChangeList diff={diff.data} empty={t('studio.diff.none')} /> : <p>{t('studio.diff.notComparable')}</p>}
    </div>
  );
}
