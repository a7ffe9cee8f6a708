import { useEffect, useState } from 'react';
import { useApp } from '../session';
import { currentSop, type SopSummary } from '../sop';
import { useApi } from '../use-api';
import { packNames, PackNames, Reach } from './people-texts';

/** The pack (for names and pickers) and what the administrator may give, as the people pages need them. */
export function usePeoplePack(): { sop: SopSummary | null; names: PackNames | null; reach: Reach | null; error: unknown } {
  const { locale } = useApp();
  const reach = useApi<Reach>('/api/people/reach');
  const [sop, setSop] = useState<SopSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    currentSop(locale)
      .then((s) => live && setSop(s))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [locale]);
  return { sop, names: sop ? packNames(sop, locale) : null, reach: reach.data, error: error ?? reach.error };
}
