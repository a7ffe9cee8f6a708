import { useState } from 'react';
import { AdminT, durationText } from '../../admin-texts';
import { pick } from '../../sop';
import { Duration, DraftView, durationOf, findingsAt, offsetOf, PatchOperation, riskOf, Unit } from './draft-model';
import { AnchorEditor, DeadlineAdd, RemoveDeadline } from './deadline-add';
import { EscalationEditor } from './escalation-editor';
import { FindingList } from './finding-list';
import { useDeadlinesT } from './studio-deadlines-texts';
import type { StudioT } from './studio-texts';

interface Offset {
  path: string;
  label: string;
  n: number;
  unit: Unit;
  before: Duration;
}

/** deadlines.json: each deadline by its label, its offset per risk level and its reminders (one save sends what changed), its anchor, escalations and removal; a new deadline. */
export function DeadlineEditor(props: {
  draft: DraftView;
  locale: string;
  t: StudioT;
  adminT: AdminT;
  send(ops: PatchOperation[]): Promise<boolean>;
  busy: boolean;
}) {
  const { draft } = props;
  const files = draft.files as Record<string, any>;
  const deadlines: any[] = files['deadlines.json']?.deadlines ?? [];
  const risks: Array<{ value: string; label: Record<string, string> }> = files['option-lists.json']?.optionLists?.risk_levels ?? [];
  return (
    <>
      <ul className="studio-deadlines">
        {deadlines.map((d, i) => (
          <DeadlineRow key={d.id} index={i} deadline={d} risks={risks} {...props} />
        ))}
      </ul>
      <DeadlineAdd draft={draft} locale={props.locale} busy={props.busy} send={props.send} />
    </>
  );
}

function DeadlineRow(props: {
  index: number;
  deadline: any;
  risks: Array<{ value: string; label: Record<string, string> }>;
  draft: DraftView;
  locale: string;
  t: StudioT;
  adminT: AdminT;
  send(ops: PatchOperation[]): Promise<boolean>;
  busy: boolean;
}) {
  const { deadline: d, index, locale, t } = props;
  const deadlinesT = useDeadlinesT();
  const base = `/deadlines.json/deadlines/${index}`;
  const label = pick(d.label, locale) || d.id;
  const riskName = (when: unknown) => {
    const risk = riskOf(when);
    if (risk === null) return t('studio.deadline.otherwise');
    if (risk === undefined) return t('studio.deadline.condition');
    return t('studio.deadline.risk', { risk: pick(props.risks.find((r) => r.value === risk)?.label, locale) || risk });
  };
  const initial: Offset[] = [
    ...(d.due ?? []).map((due: any, j: number) => ({ path: `${base}/due/${j}/after`, label: riskName(due.when), before: due.after, ...offsetOf(due.after) })),
    ...(d.reminders ?? []).map((r: any, j: number) => ({
      path: `${base}/reminders/${j}/before`,
      label: t('studio.deadline.reminder', { n: j + 1 }),
      before: r.before,
      ...offsetOf(r.before),
    })),
  ];
  // The user's numbers stay until the server took them (a refused save, others' edits elsewhere in
  // the draft); they start again from the server's only when this deadline's offsets change there.
  const server = JSON.stringify(initial.map((o) => o.before));
  const [typed, setTyped] = useState({ server, offsets: initial });
  if (typed.server !== server) setTyped({ server, offsets: initial });
  const offsets = typed.server === server ? typed.offsets : initial;
  const setOffsets = (next: Offset[]) => setTyped({ server, offsets: next });
  const ops: PatchOperation[] = offsets
    .filter((o) => !(offsetOf(o.before).n === o.n && offsetOf(o.before).unit === o.unit))
    .map((o) => ({ op: 'replace', path: o.path, value: durationOf(o.n, o.unit, o.before) }));
  const set = (k: number, patch: Partial<Offset>) => setOffsets(offsets.map((o, j) => (j === k ? { ...o, ...patch } : o)));
  const titleId = `studio-deadline-${index}`;
  return (
    <li className={findingsAt(props.draft.findings, base).length ? 'has-findings' : undefined} data-deadline={d.id}>
      <h3 id={titleId}>
        <bdi>{label}</bdi>
      </h3>
      <div role="group" aria-labelledby={titleId} className="studio-offsets">
        {offsets.map((o, k) => (
          <div key={o.path} className="studio-offset">
            <label htmlFor={`${titleId}-${k}`}>{t('studio.deadline.offsetOf', { what: o.label })}</label>
            <span>
              <input
                id={`${titleId}-${k}`}
                type="number"
                min={0}
                inputMode="numeric"
                value={o.n}
                onChange={(e) => set(k, { n: Math.max(0, Number(e.target.value) || 0) })}
              />{' '}
              <select aria-label={t('studio.deadline.unitOf', { what: o.label })} value={o.unit} onChange={(e) => set(k, { unit: e.target.value as Unit })}>
                <option value="hours">{t('studio.unit.hours')}</option>
                <option value="days">{t('studio.unit.days')}</option>
              </select>{' '}
              <span className="meta">{t('studio.deadline.was', { before: durationText(o.before as any, props.adminT) })}</span>
            </span>
          </div>
        ))}
      </div>
      <button type="button" disabled={props.busy || ops.length === 0} onClick={() => void props.send(ops)}>
        {t('studio.deadline.save', { deadline: label })}
      </button>
      <AnchorEditor
        key={JSON.stringify(d.anchor)}
        index={index}
        deadline={d}
        label={label}
        draft={props.draft}
        locale={locale}
        busy={props.busy}
        send={props.send}
      />
      <EscalationEditor index={index} deadline={d} label={label} draft={props.draft} locale={locale} busy={props.busy} send={props.send} />
      <RemoveDeadline index={index} label={label} busy={props.busy} send={props.send} />
      <FindingList findings={findingsAt(props.draft.findings, base)} t={deadlinesT} />
    </li>
  );
}
