import { useEffect, useId, useState } from 'react';
import { pick } from '../../sop';
import {
  GuardModel,
  GuardOperator,
  guardLogic,
  guardSentence,
  GuardValue,
  GuardWords,
  needsValue,
  OPERATORS,
  parseGuard,
  parseRaw,
  valueFits,
} from './guard-logic';
import type { StudioT } from './studio-texts';
import { CASE_SOURCE, GuardField } from './workflow-model';

/** A condition as picked so far: it may still lack a field, an operator or a value. */
interface Row {
  source: string;
  path: string;
  operator: GuardOperator | '';
  value?: GuardValue;
}

export interface GuardSource {
  id: string;
  label: string;
}

const blankRow = (source = ''): Row => ({ source, path: '', operator: '' });

/** The guard in words, by labels: "Risk level is High". */
export function guardWords(fields: GuardField[], locale: string, t: StudioT): GuardWords {
  const byPath = new Map(fields.map((f) => [f.path, f]));
  const list = (type: 'conjunction' | 'disjunction', parts: string[]) => new Intl.ListFormat(locale, { type }).format(parts);
  return {
    field: (path) => (path === 'case.risk' ? t('studio.wf.guard.caseRisk') : pick(byPath.get(path)?.label, locale) || path),
    value: (path, v) => {
      if (typeof v === 'boolean') return t(v ? 'studio.wf.guard.yes' : 'studio.wf.guard.no');
      const option = byPath.get(path)?.options.find((o) => o.value === v);
      return option ? pick(option.label, locale) || String(v) : String(v);
    },
    condition: (op, field, value) => t(`studio.wf.words.${op}`, { field, value }),
    list: (values) => list('disjunction', values),
    join: (combine, parts) => t(`studio.wf.words.${combine}`, { conditions: list(combine === 'all' ? 'conjunction' : 'disjunction', parts) }),
  };
}

/**
 * One guard's rule: conditions picked by form, field (by label), an operator fitting the field and a
 * value, combined with all / any; or raw JSON Logic for experts. A rule the pickers cannot show
 * opens raw. `onChange` gets the rule, or null while it is incomplete or not JSON.
 */
export function GuardBuilder(props: {
  rule: unknown;
  fields: GuardField[];
  sources: GuardSource[];
  locale: string;
  t: StudioT;
  onChange(rule: unknown): void;
}) {
  const { fields, locale, t } = props;
  const id = useId();
  const kindOf = (path: string) => fields.find((f) => f.path === path)?.kind;
  const [initial] = useState(() => (props.rule === undefined ? { combine: 'all' as const, conditions: [] } : parseGuard(props.rule, kindOf)));
  const [mode, setMode] = useState<'builder' | 'raw'>(initial ? 'builder' : 'raw');
  const [combine, setCombine] = useState<GuardModel['combine']>(initial?.combine ?? 'all');
  const [rows, setRows] = useState<Row[]>(() =>
    initial?.conditions.length ? initial.conditions.map((c) => ({ ...c, source: fields.find((f) => f.path === c.path)?.source ?? '' })) : [blankRow()],
  );
  const [raw, setRaw] = useState(() => (props.rule === undefined ? '' : JSON.stringify(props.rule, null, 2)));
  const [notShown, setNotShown] = useState(false);

  const complete = rows.every((r) => {
    const kind = kindOf(r.path);
    return kind && r.operator && OPERATORS[kind].includes(r.operator) && valueFits(kind, r.operator, r.value);
  });
  const model: GuardModel | null = complete
    ? { combine, conditions: rows.map((r) => ({ path: r.path, operator: r.operator as GuardOperator, value: r.value })) }
    : null;
  const parsed = parseRaw(raw);
  const rule = mode === 'builder' ? (model ? guardLogic(model) : null) : parsed.ok ? parsed.rule : null;
  const ruleText = JSON.stringify(rule);
  useEffect(() => props.onChange(rule), [ruleText]); // eslint-disable-line react-hooks/exhaustive-deps

  const toRaw = () => {
    setRaw(JSON.stringify(model ? guardLogic(model) : null, null, 2));
    setNotShown(false);
    setMode('raw');
  };
  const toBuilder = () => {
    const back = parsed.ok ? parseGuard(parsed.rule, kindOf) : null;
    if (!back) return setNotShown(true);
    setCombine(back.combine);
    setRows(back.conditions.map((c) => ({ ...c, source: fields.find((f) => f.path === c.path)?.source ?? '' })));
    setNotShown(false);
    setMode('builder');
  };
  const setRow = (i: number, row: Row) => setRows(rows.map((r, j) => (j === i ? row : r)));

  if (mode === 'raw')
    return (
      <div className="studio-guard studio-guard-raw">
        <label htmlFor={`${id}-raw`}>{t('studio.wf.guard.raw')}</label>
        <textarea
          id={`${id}-raw`}
          dir="ltr"
          rows={6}
          spellCheck={false}
          value={raw}
          aria-describedby={`${id}-raw-problem`}
          onChange={(e) => (setRaw(e.target.value), setNotShown(false))}
        />
        <div id={`${id}-raw-problem`} aria-live="polite">
          {!parsed.ok && (
            <p className="problem">{parsed.reason === 'empty' ? t('studio.wf.guard.rawEmpty') : t('studio.wf.guard.rawInvalid', { reason: parsed.reason })}</p>
          )}
          {notShown && <p className="problem">{t('studio.wf.guard.notShown')}</p>}
        </div>
        <button type="button" onClick={toBuilder}>
          {t('studio.wf.guard.toBuilder')}
        </button>
      </div>
    );

  const words = model && model.conditions.length ? guardSentence(model, guardWords(fields, locale, t)) : null;
  return (
    <div className="studio-guard">
      {rows.length > 1 && (
        <p>
          <label htmlFor={`${id}-combine`}>{t('studio.wf.guard.combine')}</label>{' '}
          <select id={`${id}-combine`} value={combine} onChange={(e) => setCombine(e.target.value as GuardModel['combine'])}>
            <option value="all">{t('studio.wf.guard.all')}</option>
            <option value="any">{t('studio.wf.guard.any')}</option>
          </select>
        </p>
      )}
      <ol className="studio-conditions">
        {rows.map((r, i) => (
          <ConditionPicker
            key={i}
            n={i + 1}
            row={r}
            {...props}
            onChange={(row) => setRow(i, row)}
            onRemove={rows.length > 1 ? () => setRows(rows.filter((_, j) => j !== i)) : undefined}
          />
        ))}
      </ol>
      <button type="button" onClick={() => setRows([...rows, blankRow(rows[rows.length - 1]?.source)])}>
        {t('studio.wf.guard.addCondition')}
      </button>{' '}
      <button type="button" onClick={toRaw}>
        {t('studio.wf.guard.toRaw')}
      </button>
      <p className="studio-guard-words" aria-live="polite">
        {words ? t('studio.wf.guard.inWords', { words }) : t('studio.wf.guard.incomplete')}
      </p>
    </div>
  );
}

function ConditionPicker(props: {
  n: number;
  row: Row;
  fields: GuardField[];
  sources: GuardSource[];
  locale: string;
  t: StudioT;
  onChange(r: Row): void;
  onRemove?: () => void;
}) {
  const { row, fields, locale, t, n } = props;
  const id = useId();
  const field = fields.find((f) => f.path === row.path);
  const choose = (path: string) => {
    const f = fields.find((x) => x.path === path);
    props.onChange({ source: row.source, path, operator: f ? OPERATORS[f.kind][0] : '' });
  };
  const operate = (operator: GuardOperator) => {
    // "is High" becomes "is one of High", and back, without picking the value again.
    const value =
      operator === 'oneOf' && typeof row.value === 'string'
        ? [row.value]
        : Array.isArray(row.value) && operator !== 'oneOf'
          ? row.value[0]
          : needsValue(operator)
            ? row.value
            : undefined;
    props.onChange({ ...row, operator, value: field && valueFits(field.kind, operator, value) ? value : undefined });
  };
  return (
    <li className="studio-condition">
      <span className="studio-condition-part">
        <label htmlFor={`${id}-source`}>{t('studio.wf.guard.source', { n })}</label>
        <select id={`${id}-source`} value={row.source} onChange={(e) => props.onChange(blankRow(e.target.value))}>
          <option value="">{t('studio.wf.guard.choose')}</option>
          {props.sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </span>
      <span className="studio-condition-part">
        <label htmlFor={`${id}-field`}>{t('studio.wf.guard.field', { n })}</label>
        <select id={`${id}-field`} value={row.path} disabled={!row.source} onChange={(e) => choose(e.target.value)}>
          <option value="">{t('studio.wf.guard.choose')}</option>
          {fields
            .filter((f) => f.source === row.source)
            .map((f) => (
              <option key={f.path} value={f.path}>
                {row.source === CASE_SOURCE ? t('studio.wf.guard.caseRisk') : pick(f.label, locale) || f.path}
              </option>
            ))}
        </select>
      </span>
      {field && (
        <span className="studio-condition-part">
          <label htmlFor={`${id}-op`}>{t('studio.wf.guard.operator', { n })}</label>
          <select id={`${id}-op`} value={row.operator} onChange={(e) => operate(e.target.value as GuardOperator)}>
            {OPERATORS[field.kind].map((op) => (
              <option key={op} value={op}>
                {t(`studio.wf.op.${op}`)}
              </option>
            ))}
          </select>
        </span>
      )}
      {field && row.operator && needsValue(row.operator) && <ValuePicker id={`${id}-value`} {...props} field={field} operator={row.operator} />}
      {props.onRemove && (
        <button type="button" aria-label={t('studio.wf.guard.removeConditionN', { n })} onClick={props.onRemove}>
          {t('studio.wf.guard.removeCondition')}
        </button>
      )}
    </li>
  );
}

/** The value: options to pick for a choice, a yes/no, a number or a date input. */
function ValuePicker(props: {
  id: string;
  n: number;
  row: Row;
  field: GuardField;
  operator: GuardOperator;
  locale: string;
  t: StudioT;
  onChange(r: Row): void;
}) {
  const { id, row, field, operator, locale, t, n } = props;
  const set = (value: GuardValue | undefined) => props.onChange({ ...row, value });
  const label = <label htmlFor={id}>{t('studio.wf.guard.value', { n })}</label>;
  if (operator === 'oneOf') {
    const chosen = Array.isArray(row.value) ? row.value : [];
    return (
      <fieldset className="studio-condition-part studio-condition-options">
        <legend>{t('studio.wf.guard.values', { n })}</legend>
        {field.options.map((o) => (
          <label key={o.value} className="choice">
            <input
              type="checkbox"
              checked={chosen.includes(o.value)}
              onChange={(e) => set(e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value))}
            />{' '}
            {pick(o.label, locale) || o.value}
          </label>
        ))}
      </fieldset>
    );
  }
  if (field.kind === 'choice' || field.kind === 'choices' || field.kind === 'yesno') {
    const options = field.kind === 'yesno' ? [true, false].map((v) => ({ value: String(v), text: t(v ? 'studio.wf.guard.yes' : 'studio.wf.guard.no') })) : null;
    return (
      <span className="studio-condition-part">
        {label}
        <select
          id={id}
          value={row.value === undefined ? '' : String(row.value)}
          onChange={(e) => set(e.target.value === '' ? undefined : field.kind === 'yesno' ? e.target.value === 'true' : e.target.value)}
        >
          <option value="">{t('studio.wf.guard.choose')}</option>
          {(options ?? field.options.map((o) => ({ value: o.value, text: pick(o.label, locale) || o.value }))).map((o) => (
            <option key={o.value} value={o.value}>
              {o.text}
            </option>
          ))}
        </select>
      </span>
    );
  }
  const type = field.kind === 'number' ? 'number' : field.kind === 'date' ? 'date' : 'text';
  return (
    <span className="studio-condition-part">
      {label}
      <input
        id={id}
        type={type}
        dir={type === 'text' ? undefined : 'ltr'}
        value={row.value === undefined ? '' : String(row.value)}
        onChange={(e) => set(e.target.value === '' ? undefined : type === 'number' ? Number(e.target.value) : e.target.value)}
      />
    </span>
  );
}
