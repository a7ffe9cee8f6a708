import { useState } from 'react';
import { api, ApiError } from '../../api';
import type { ApiSchemas } from '../../api-types';
import type { DraftView, PatchOperation } from './draft-model';

type EditResult = ApiSchemas['SopDraftEditResult'];
export interface Conflict {
  path: string;
  changedByName: string;
}

export interface DraftEdits {
  /** Sends one JSON Patch based on the revision shown; true when saved. A refusal is kept to show, never thrown. */
  send(operations: PatchOperation[]): Promise<boolean>;
  busy: boolean;
  conflicts: Conflict[] | null;
  error: unknown;
  clear(): void;
}

/** Each change is one request with the base revision; a 409 names what someone else changed (shown, with a reload). */
export function useDraftEdits(draft: DraftView, onSaved: (r: EditResult) => void): DraftEdits {
  const [busy, setBusy] = useState(false);
  const [conflicts, setConflicts] = useState<Conflict[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const clear = () => {
    setConflicts(null);
    setError(null);
  };
  const send = async (operations: PatchOperation[]) => {
    clear();
    setBusy(true);
    try {
      const r = await api<EditResult>('POST', `/api/sop/drafts/${draft.id}/edits`, { baseRevision: draft.revision, operations });
      onSaved(r);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'sop_draft_conflict') setConflicts((e.body.conflicts as Conflict[]) ?? []);
      else setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { send, busy, conflicts, error, clear };
}
