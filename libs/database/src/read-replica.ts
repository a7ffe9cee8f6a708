import { DataSource } from 'typeorm';

/** Where a report was read from, and how far behind the primary that copy was. */
export interface ReadSource {
  /** True when the figures come from a streaming replica (DATABASE_REPLICA_URL), false from the primary. */
  replica: boolean;
  /** Seconds of the primary's changes the figures may not show yet: 0 on the primary or a replica that replayed all it received; null when the replica cannot tell. */
  lagSeconds: number | null;
}

// A replica that has replayed everything it received is current, even when the last replayed
// transaction is old (an idle primary sends nothing new): pg_last_xact_replay_timestamp() alone
// would report that idle time as lag. pg_is_in_recovery() is false on a promoted replica.
const LAG_SQL = `SELECT pg_is_in_recovery() AS replica,
  CASE WHEN NOT pg_is_in_recovery() THEN 0
       WHEN pg_last_wal_receive_lsn() IS NOT NULL AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
       ELSE round(greatest(0, extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()))::numeric, 1)
  END AS lag`;

/**
 * The read-only connection reports, dashboards and exports read through: a streaming replica when
 * DATABASE_REPLICA_URL is set, otherwise the primary's own DataSource (no second pool). Only SQL
 * runs here; what must see the latest state (claims, audit, anything in a write transaction) stays
 * on the primary's DataSource.
 */
export class ReadReplica {
  constructor(
    readonly dataSource: DataSource,
    /** True when dataSource is a connection of its own (a replica), closed with the application. */
    readonly separate: boolean,
  ) {}

  /** Where reads go now, with the replica's lag measured at this moment. */
  async source(): Promise<ReadSource> {
    if (!this.separate) return { replica: false, lagSeconds: 0 };
    const [row] = await this.dataSource.query(LAG_SQL);
    return { replica: row.replica === true, lagSeconds: row.lag === null ? null : Number(row.lag) };
  }

  /**
   * Runs a report read and says where it was served from. The lag is measured first, so the
   * figures are at least as recent as it says.
   */
  async serve<T extends object>(read: () => Promise<T>): Promise<T & { source: ReadSource }> {
    const source = await this.source();
    return { ...(await read()), source };
  }
}
