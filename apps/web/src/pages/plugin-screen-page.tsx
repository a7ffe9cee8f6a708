import { Loading, Problem } from '../components/problem';
import { PluginScreen } from '../plugin-screens/plugin-screen';
import type { PluginScreenView } from '../plugin-screens/screen-types';
import { useApi } from '../use-api';

/**
 * A plugin's screen at `/plugins/<plugin>/<screen>?<parameter>=…` (menu entries, rows opened from
 * lists, where an action leads). Only the parameters the screen declares are read from the address.
 */
export default function PluginScreenPage({ pluginId, screenId, query }: { pluginId: string; screenId: string; query: URLSearchParams }) {
  const caseId = query.get('caseId');
  const screen = useApi<PluginScreenView>(
    `/api/plugin-screens/${encodeURIComponent(pluginId)}/${encodeURIComponent(screenId)}${caseId ? `?caseId=${encodeURIComponent(caseId)}` : ''}`,
  );
  if (screen.error) return <Problem error={screen.error} />;
  if (!screen.data) return <Loading />;
  const params: Record<string, string> = {};
  for (const p of screen.data.params) {
    const v = query.get(p);
    if (v) params[p] = v;
  }
  return <PluginScreen key={`${screenId}?${query.toString()}`} screen={screen.data} params={params} />;
}
