import { useT } from '../../session';

/**
 * A required choice that starts with nothing chosen: nothing is recorded on the user's behalf. When a
 * submit is refused because it is still empty, that is said beside it (and read with it).
 */
export function RequiredChoice({
  id,
  label,
  value,
  options,
  missing,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: Array<[string, string]>;
  missing: boolean;
  onChange(value: string): void;
}) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-required="true"
        aria-invalid={missing || undefined}
        aria-describedby={missing ? `${id}-missing` : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{t('refer.choose')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      {missing && (
        <p id={`${id}-missing`} className="error-detail">
          {t('actions.missingChoice', { field: label })}
        </p>
      )}
    </div>
  );
}

/** The ids of the choices still empty; the first of them gets the keyboard focus. */
export function missingChoices(choices: Record<string, string>): string[] {
  const missing = Object.entries(choices)
    .filter(([, value]) => !value)
    .map(([id]) => id);
  if (missing.length > 0) setTimeout(() => document.getElementById(missing[0])?.focus());
  return missing;
}
