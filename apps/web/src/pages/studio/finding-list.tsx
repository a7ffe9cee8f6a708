import type { DraftFinding } from './draft-model';
import { findingText, StudioT, useFindingWords } from './studio-texts';

/** Findings shown on the element they concern. */
export function FindingList({ findings, t }: { findings: DraftFinding[]; t: StudioT }) {
  const words = useFindingWords();
  if (!findings.length) return null;
  return (
    <ul className="studio-findings-here">
      {findings.map((f, i) => {
        const { text, translated } = findingText(f, t, words);
        return (
          <li key={i} className={`severity-${f.severity}`} data-code={f.code}>
            <strong>{t(`studio.severity.${f.severity}`)}</strong> <span lang={translated ? undefined : 'en'}>{text}</span>
          </li>
        );
      })}
    </ul>
  );
}
