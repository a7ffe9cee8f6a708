import { useState } from 'react';

/**
 * One write the user asked for: busy while it runs, its error (shown by <Problem>), and a short
 * confirmation for the live region once done. A POST is never repeated on its own (api.ts).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, doneText: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await fn();
      setDone(doneText);
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
