import type { CaseNote } from '../../api-types';
import { useState } from 'react';
import { api } from '../../api';
import { formatDateTime } from '../../i18n';
import { useApp, useT } from '../../session';
import { useApi } from '../../use-api';
import { Problem } from '../problem';
import { AddItemForm, useAddItem } from './add-item-form';
import { StatusLine } from './status-line';

type Note = CaseNote;

/** Notes the user may see (their team's, and those for everyone on the case), newest first; written, never edited. */
export function CaseNotes({ caseId, stamp, mayNote, onDone }: { caseId: string; stamp: string; mayNote: boolean; onDone(): void }) {
  const t = useT();
  const { me, locale, timeZone } = useApp();
  const notes = useApi<Note[]>(`/api/cases/${caseId}/notes?v=${stamp}`);
  // Without a team, a team-only note would reach nobody: such users write for everyone on the case.
  const [visibility, setVisibility] = useState<'team' | 'case'>(me?.teamId ? 'team' : 'case');
  const add = useAddItem((text) => api('POST', `/api/cases/${caseId}/notes`, { text, visibility }), t('actions.noteAdded'), onDone);
  if (!notes.data || (notes.data.length === 0 && !mayNote)) return notes.error ? <Problem error={notes.error} /> : null;
  return (
    <section aria-labelledby="notes-title" className="card notes">
      <h2 id="notes-title">
        {t('actions.notes')} <span className="count">{notes.data.length}</span>
      </h2>
      {notes.data.length === 0 ? (
        <p className="meta">{t('actions.noNotes')}</p>
      ) : (
        <ul className="rows">
          {[...notes.data].reverse().map((n) => (
            <li key={n.id}>
              <span className="message">{n.textHidden ? t('actions.noteHidden') : n.text}</span>
              <span className="meta">
                {n.author.name}, {formatDateTime(n.createdAt, locale, timeZone)} · {t(`actions.visibility.${n.visibility}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {mayNote && (
        <AddItemForm
          item={add}
          summary={t('actions.addNote')}
          fieldId="note-text"
          label={t('actions.noteText')}
          submitLabel={t('actions.saveNote')}
          maxLength={10000}
          rows={4}
        >
          <fieldset className="field">
            <legend>{t('actions.noteVisibility')}</legend>
            {(me?.teamId ? (['team', 'case'] as const) : (['case'] as const)).map((v) => (
              <label key={v} className="choice">
                <input type="radio" name="note-visibility" value={v} checked={visibility === v} onChange={() => setVisibility(v)} />{' '}
                {t(`actions.visibility.${v}`)}
              </label>
            ))}
          </fieldset>
        </AddItemForm>
      )}
      <StatusLine status={add.status} />
      <Problem error={add.action.error} />
    </section>
  );
}
