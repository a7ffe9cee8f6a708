import { RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { apiLocale } from '../../api';
import { offlineTranslate } from '../../offline/offline-texts';

/**
 * A section's status line: what its last action did, and nothing older (another section's action
 * clears it too). Once an action is done the keyboard focus moves to it (it has tabIndex -1), so it
 * does not drop to the top of the page when the form acted on closes or the list reloads. Rendered
 * by <StatusLine>.
 */
export interface SectionStatus {
  text: string | null;
  ref: RefObject<HTMLParagraphElement | null>;
  say(text: string | null): void;
}

/** The sections on the page: when one says something, what the others said before is out of date. */
const sections = new Set<(text: string | null) => void>();

export function useSectionStatus(): SectionStatus {
  const [text, setText] = useState<string | null>(null);
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    sections.add(setText);
    return () => void sections.delete(setText);
  }, []);
  const say = useCallback((next: string | null) => {
    if (next) sections.forEach((other) => other !== setText && other(null));
    setText(next);
    if (next) setTimeout(() => ref.current?.focus());
  }, []);
  return { text, ref, say };
}

/**
 * One write the user asked for: busy while it runs, its error (shown by <Problem>), and a short
 * confirmation for the live region once done, written to the section's status line when given (it
 * replaces whatever an earlier action said there). A POST is never repeated on its own (api.ts).
 */
export function useAction(status?: SectionStatus) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, doneText: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setDone(null);
    status?.say(null);
    try {
      const result = await fn();
      // Done on the phone without a connection: said so, it is not on the server yet.
      const text = (result as { keptOffline?: boolean } | null)?.keptOffline ? `${doneText} ${offlineTranslate(apiLocale(), 'offline.keptNotSent')}` : doneText;
      setDone(text);
      status?.say(text);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, run, setError };
}
