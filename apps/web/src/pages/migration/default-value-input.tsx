/** An input fitting a field's JSON Schema, for the default value a plan gives a new required field. */
export function DefaultValueInput({
  id,
  schema,
  value,
  onChange,
  labels,
  describedBy,
}: {
  id: string;
  schema: Record<string, any>;
  value: unknown;
  onChange(value: unknown): void;
  labels: { choose: string; yes: string; no: string };
  describedBy?: string;
}) {
  const options: Array<{ const: unknown; title?: string }> | undefined = Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  const enumValues: unknown[] | undefined = Array.isArray(schema.enum) ? schema.enum : undefined;
  const choices = options ?? enumValues?.map((v) => ({ const: v, title: String(v) }));
  const common = { id, 'aria-describedby': describedBy };
  if (choices) {
    const index = choices.findIndex((c) => c.const === value);
    return (
      <select
        {...common}
        value={index < 0 ? '' : String(index)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : choices[Number(e.target.value)].const)}
      >
        <option value="">{labels.choose}</option>
        {choices.map((c, i) => (
          <option key={i} value={String(i)}>
            {c.title ?? String(c.const)}
          </option>
        ))}
      </select>
    );
  }
  const itemChoices: Array<{ const: unknown; title?: string }> | undefined = Array.isArray(schema.items?.oneOf) ? schema.items.oneOf : undefined;
  if (schema.type === 'array' && itemChoices) {
    const picked = Array.isArray(value) ? value : [];
    return (
      <div {...common} role="group" className="migration-choices">
        {itemChoices.map((c, i) => (
          <label key={i}>
            <input
              type="checkbox"
              checked={picked.includes(c.const)}
              onChange={(e) => {
                const next = e.target.checked ? [...picked, c.const] : picked.filter((p) => p !== c.const);
                onChange(next.length ? next : undefined);
              }}
            />{' '}
            {c.title ?? String(c.const)}
          </label>
        ))}
      </div>
    );
  }
  if (schema.type === 'boolean') {
    return (
      <select
        {...common}
        value={value === undefined ? '' : String(value)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'true')}
      >
        <option value="">{labels.choose}</option>
        <option value="true">{labels.yes}</option>
        <option value="false">{labels.no}</option>
      </select>
    );
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    return (
      <input
        {...common}
        type="number"
        step={schema.type === 'integer' ? 1 : 'any'}
        min={schema.minimum}
        max={schema.maximum}
        value={typeof value === 'number' ? value : ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    );
  }
  const type = schema.format === 'date' ? 'date' : 'text';
  return (
    <input
      {...common}
      type={type}
      maxLength={schema.maxLength}
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    />
  );
}
