import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BuiltQuery } from '../indicator-sql';

export type ExportRow = Record<string, string | null>;

/** The database side of exports: read-only, one short query per batch. */
@Injectable()
export class ExportsRepository {
  constructor(private readonly ds: DataSource) {}

  async count(q: BuiltQuery): Promise<number> {
    const rows = await this.run(q);
    return Number(rows[0]?.n ?? 0);
  }

  async batch(q: BuiltQuery): Promise<ExportRow[]> {
    return this.run(q);
  }

  private run(q: BuiltQuery): Promise<ExportRow[]> {
    const [sql, values] = this.ds.driver.escapeQueryWithParameters(q.sql, q.params);
    return this.ds.query(sql, values);
  }
}
