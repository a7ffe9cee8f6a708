import { Link } from '../router';
import { useT } from '../session';
import { useApi } from '../use-api';
import { ScreenTable } from './screen-table';
import type { ListScreenView, PluginScreenView } from './screen-types';
import { rowsOf, screenHref, valueAt } from './screen-values';

/** The plugin screens the user is offered at a placement (for `case`, on that case). */
export function usePluginScreens(placement: 'menu' | 'home' | 'case', enabled: boolean, caseId?: string) {
  const query = `placement=${placement}${caseId ? `&caseId=${encodeURIComponent(caseId)}` : ''}`;
  return useApi<PluginScreenView[]>(enabled ? `/api/plugin-screens?${query}` : null);
}

const CARD_ROWS = 5;

/** Home page cards: a list screen's first rows, read only (its actions are on its own page), and a link to it. Nothing when it is empty. */
export function PluginHomeCards() {
  const screens = usePluginScreens('home', true);
  return <>{(screens.data ?? []).map((s) => (s.view.kind === 'list' ? <HomeCard key={`${s.pluginId}/${s.id}`} screen={s} view={s.view} /> : null))}</>;
}

function HomeCard({ screen, view }: { screen: PluginScreenView; view: ListScreenView }) {
  const t = useT();
  const data = useApi<unknown>(view.source);
  const rows = rowsOf(view.items === '.' ? data.data : valueAt(data.data, view.items)).slice(0, CARD_ROWS);
  if (rows.length === 0) return null;
  const id = `plugin-card-${screen.pluginId}-${screen.id}`;
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>{screen.title}</h2>
      <ScreenTable caption={screen.title} columns={view.columns} rows={rows} params={{}} open={view.open} pluginId={screen.pluginId} />
      <p>
        <Link href={screenHref(screen.pluginId, screen.id, {})}>{t('plugins.seeAll')}</Link>
      </p>
    </section>
  );
}
