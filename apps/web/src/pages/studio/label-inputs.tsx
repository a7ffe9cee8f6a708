import { LOCALES } from '../../i18n';
import type { Label } from './draft-model';

/** A label in each language of the pack, side by side, each input in its language's direction. */
export function LabelInputs(props: { legend: string; locales: string[]; label: Label; onChange(l: Label): void }) {
  return (
    <fieldset className="studio-labels">
      <legend>{props.legend}</legend>
      {props.locales.map((l) => (
        <label key={l} lang={l} dir={LOCALES[l]?.dir ?? 'ltr'}>
          {LOCALES[l]?.name ?? l}
          <input
            lang={l}
            dir={LOCALES[l]?.dir ?? 'ltr'}
            value={props.label[l] ?? ''}
            onChange={(e) => props.onChange({ ...props.label, [l]: e.target.value })}
          />
        </label>
      ))}
    </fieldset>
  );
}
