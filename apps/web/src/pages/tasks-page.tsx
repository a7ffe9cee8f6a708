import type { Worklist, WorklistItem } from '../api-types';
import '../case-work.css';
import { isolate } from '../components/badges';
import { Loading, Problem } from '../components/problem';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp, useT } from '../session';
import { Loaded, useApi } from '../use-api';
import type { TeamWorkload } from './team-page';

type Task = WorklistItem;

const DAYS = 14;
const BUCKETS = [
  ['overdue', 'deadline.overdue'],
  ['dueToday', 'deadline.today'],
  ['upcoming', 'tasks.upcoming'],
] as const;

/** Deadlines to keep: mine, and for a supervisor the team's, overdue first; each leads to its case. */
export default function TasksPage() {
  const t = useT();
  const { me } = useApp();
  const supervisor = !!me?.capabilities?.teamDeadlines;
  const mine = useApi<Worklist>(`/api/me/deadlines?days=${DAYS}`);
  const team = useApi<Worklist>(supervisor ? `/api/me/deadlines?scope=team&days=${DAYS}` : null);
  const workload = useApi<TeamWorkload>(supervisor ? '/api/team/workload' : null);
  const names = new Map((workload.data?.workers ?? []).map((w) => [w.id, w.name]));
  return (
    <div className="tasks">
      <h1>{t('tasks.title')}</h1>
      <Tasks id="mine" title={t('tasks.mine')} list={mine} />
      {supervisor && <Tasks id="team" title={t('tasks.team')} list={team} workers={names} />}
    </div>
  );
}

function Tasks({ id, title, list, workers }: { id: string; title: string; list: Loaded<Worklist>; workers?: Map<string, string> }) {
  const t = useT();
  return (
    <section aria-labelledby={`${id}-title`} className="card">
      <h2 id={`${id}-title`}>{title}</h2>
      {list.error ? (
        <Problem error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : (
        BUCKETS.map(([bucket, label]) => (
          <div key={bucket} className={`bucket${bucket === 'overdue' ? ' overdue' : ''}`}>
            <h3 id={`${id}-${bucket}`}>
              {t(label, { days: DAYS })} <span className="count">{list.data![bucket].length}</span>
            </h3>
            {list.data![bucket].length === 0 ? (
              <p className="meta">{t('home.nothing')}</p>
            ) : (
              <ul className="rows" aria-labelledby={`${id}-${bucket}`}>
                {list.data![bucket].map((task) => (
                  <TaskItem
                    key={`${task.caseId}:${task.key}`}
                    task={task}
                    overdue={bucket === 'overdue'}
                    worker={workers && task.assignedTo ? workers.get(task.assignedTo) : undefined}
                  />
                ))}
              </ul>
            )}
            {list.data!.truncated.includes(bucket) && <p className="meta">{t('tasks.truncated', { n: list.data!.limit })}</p>}
          </div>
        ))
      )}
    </section>
  );
}

function TaskItem({ task, overdue, worker }: { task: Task; overdue: boolean; worker?: string }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  return (
    <li>
      <span className="task-what">
        <strong>
          <bdi>{task.label}</bdi>
        </strong>
        {overdue && <span className="badge deadline-overdue">{t('deadline.overdue')}</span>}
      </span>
      <span className="meta">{t('tasks.due', { at: isolate(formatDateTime(task.dueAt, locale, timeZone)) })}</span>
      <Link href={`/cases/${task.caseId}`}>
        <bdi>{task.caseNumber}</bdi> <bdi>{task.displayName ?? ''}</bdi>
      </Link>
      <span className="meta">
        {task.stepLabel}
        {worker && (
          <>
            {' · '}
            <bdi>{worker}</bdi>
          </>
        )}
      </span>
    </li>
  );
}
