import { PluginScreen } from './plugin-screen';
import { usePluginScreens } from './placements';

/** The plugins' sections of a case page: those whose route the user may call on this case (GBV incidents, adoption proposals…). */
export function PluginCaseSections({ caseId }: { caseId: string }) {
  const screens = usePluginScreens('case', true, caseId);
  return (
    <>
      {(screens.data ?? []).map((s) => (
        <PluginScreen key={`${s.pluginId}/${s.id}`} screen={s} params={{ caseId }} headingLevel={2} />
      ))}
    </>
  );
}
