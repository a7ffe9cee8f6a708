import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What an import reads before creating anyone: which of the file's usernames exist already. */
@Injectable()
export class PeopleImportRepository {
  constructor(private readonly ds: DataSource) {}

  /** The given usernames (lower case) that some user already has, in any case. */
  async takenUsernames(usernames: readonly string[]): Promise<Set<string>> {
    if (usernames.length === 0) return new Set();
    const rows: Array<{ username: string }> = await this.ds.query(`SELECT lower(username) AS username FROM users WHERE lower(username) = ANY($1::text[])`, [
      usernames.map((u) => u.toLowerCase()),
    ]);
    return new Set(rows.map((r) => r.username));
  }
}
