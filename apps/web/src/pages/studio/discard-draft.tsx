import { useState } from 'react';
import { api } from '../../api';
import { Problem } from '../../components/problem';
import type { DraftView } from './draft-model';
import { useDeadlinesT } from './studio-deadlines-texts';
import './studio-deadlines.css';

/** Discards the draft after a confirmation in words: nothing of it is published, its log stays readable, a new draft may start. */
export function DiscardDraft(props: { draft: DraftView; onDiscarded(id: number): void }) {
  const t = useDeadlinesT();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<unknown>(null);
  const { draft } = props;
  const discard = async () => {
    setBusy(true);
    setRefusal(null);
    try {
      await api('DELETE', `/api/sop/drafts/${draft.id}`);
      props.onDiscarded(draft.id);
    } catch (e) {
      setRefusal(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="studio-discard">
      {asking ? (
        <div role="group" aria-label={t('studio.discard.button')} className="studio-confirm">
          <p>{t('studio.discard.confirm', { id: draft.id, n: draft.revision - 1 })}</p>
          <button type="button" className="studio-danger" disabled={busy} onClick={() => void discard()}>
            {t('studio.discard.yes')}
          </button>{' '}
          <button type="button" onClick={() => setAsking(false)}>
            {t('studio.discard.keep')}
          </button>
        </div>
      ) : (
        <button type="button" className="studio-danger" onClick={() => setAsking(true)}>
          {t('studio.discard.button')}
        </button>
      )}
      {refusal ? <Problem error={refusal} /> : null}
    </div>
  );
}
