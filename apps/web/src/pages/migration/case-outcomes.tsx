/**
 * What a move does to one case, in words with the pack's labels (never ids), for the dry run and the
 * run's list alike: its new step, answers carried over under new names, defaults, tasks, and its
 * deadlines before → after in the pack's time zone; or why it stays.
 */
import { formatDateTime } from '../../i18n';
import { useApp } from '../../session';
import { reasonText, type MigrationT } from './migration-texts';
import { fieldsOf, type DryRunItem, type MigrationOutline, type OutlineSide } from './plan-model';

type Moved = Extract<DryRunItem, { outcome: 'move' }>;

function fieldLabel(side: OutlineSide, form: string, field: string): string {
  const f = side.forms.find((x) => x.id === form);
  const label = fieldsOf(f).find((x) => x.id === field)?.label ?? field;
  return `${f?.title ?? form} — ${label}`;
}

function valueText(side: OutlineSide, form: string, field: string, value: unknown, t: MigrationT): string {
  const schema = fieldsOf(side.forms.find((x) => x.id === form)).find((x) => x.id === field)?.schema ?? {};
  const options: Array<{ const: unknown; title?: string }> = schema.oneOf ?? schema.items?.oneOf ?? [];
  const one = (v: unknown) => (typeof v === 'boolean' ? t(v ? 'migration.yes' : 'migration.no') : (options.find((o) => o.const === v)?.title ?? String(v)));
  return Array.isArray(value) ? value.map(one).join(', ') : one(value);
}

/** The lines saying what a move does (dry run item, or a moved case's recorded detail). */
export function MoveLines({ move, outline, t }: { move: Partial<Moved>; outline: MigrationOutline; t: MigrationT }) {
  const { locale, timeZone } = useApp();
  const stepOf = (side: OutlineSide, id: string) => side.steps.find((s) => s.id === id)?.label ?? id;
  const deadlineOf = (id: string) => (outline.to.deadlines.find((d) => d.id === id) ?? outline.from.deadlines.find((d) => d.id === id))?.label ?? id;
  const when = (iso: string | null, none: string) => (iso ? formatDateTime(iso, locale, timeZone) : none);
  const lines: string[] = [];
  if (move.step) {
    const from = stepOf(outline.from, move.step.from);
    const to = stepOf(outline.to, move.step.to);
    lines.push(from === to ? t('migration.item.sameStep', { step: to }) : t('migration.item.step', { from, to }));
  }
  for (const r of move.renamed ?? []) {
    const [from, to] = r.split(' → ');
    const split = (s: string) => [s.slice(0, s.indexOf('.')), s.slice(s.indexOf('.') + 1)] as const;
    lines.push(t('migration.item.renamed', { from: fieldLabel(outline.from, ...split(from)), to: fieldLabel(outline.to, ...split(to ?? from)) }));
  }
  for (const d of move.defaults ?? [])
    lines.push(t('migration.item.default', { field: fieldLabel(outline.to, d.form, d.field), value: valueText(outline.to, d.form, d.field, d.value, t) }));
  for (const k of move.tasks ?? []) lines.push(t('migration.item.task', { field: fieldLabel(outline.to, k.form, k.field) }));
  for (const d of move.deadlines ?? [])
    lines.push(
      t('migration.item.deadline', {
        deadline: deadlineOf(d.deadline),
        before: when(d.before, t('migration.item.notSet')),
        after: when(d.after, t('migration.item.ends')),
      }),
    );
  if (!lines.length) return <p>{t('migration.item.nothingElse')}</p>;
  return (
    <ul className="migration-lines">
      {lines.map((l, i) => (
        <li key={i}>
          <bdi>{l}</bdi>
        </li>
      ))}
    </ul>
  );
}

/** Why a case stays: the reason in words, and the server's detail (English, naming the field or step). */
export function StaysLines({ reason, detail, t }: { reason: string | null; detail: unknown; t: MigrationT }) {
  return (
    <>
      <p>
        <strong>{reasonText(t, reason)}</strong>
      </p>
      {typeof detail === 'string' && detail && (
        <p className="hint" lang="en">
          <bdi>{detail}</bdi>
        </p>
      )}
    </>
  );
}
