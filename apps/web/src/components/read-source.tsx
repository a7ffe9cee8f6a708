import type { ApiSchemas } from '../api-types';
import { useT } from '../session';

/** Where a report's figures were read: the read replica (with its lag) or the primary. */
/** Where report figures were read (the read replica, with its lag, or the primary). */
export type ReadSource = ApiSchemas['ReadSource'];

/** Says when figures come from a read copy of the database, and how far behind it may be; nothing for the primary. */
export function ReadSourceNote({ source }: { source?: ReadSource }) {
  const t = useT();
  if (!source?.replica) return null;
  return (
    <p className="meta read-source">
      {source.lagSeconds === null ? t('reports.readCopyLagUnknown') : t('reports.readCopy', { n: Math.ceil(source.lagSeconds) })}
    </p>
  );
}
