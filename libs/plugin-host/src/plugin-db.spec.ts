import { refusedStatement } from './plugin-db';

describe('plugin SQL confinement', () => {
  it.each([
    'SELECT id FROM calls WHERE case_id = $1',
    '  -- newest first\n  WITH x AS (SELECT 1) SELECT * FROM x',
    'INSERT INTO calls (id) VALUES ($1) RETURNING id',
    'UPDATE families SET status = $1 WHERE id = $2',
    'DELETE FROM matches WHERE id = $1',
    'SELECT similarity(name, $1) FROM children WHERE name % $1 FOR UPDATE',
  ])('lets through %s', (sql) => expect(refusedStatement(sql)).toBeNull());

  it.each([
    'COMMIT',
    'rollback',
    '/* hidden */ RESET ROLE',
    'SET ROLE cmis_app',
    'set search_path to public',
    "DO $$ BEGIN EXECUTE 'RESET' || ' ROLE'; END $$",
    'BEGIN',
    'SAVEPOINT a',
    'DISCARD ALL',
    'COPY cases TO STDOUT',
    'LOCK TABLE calls',
    'GRANT SELECT ON calls TO public',
    "SELECT set_config('role', 'cmis_app', true)",
    'CREATE TEMP TABLE audit_log (x int)',
    'create or replace function f() returns int as $$ select 1 $$ language sql',
    '',
    '   ',
  ])('refuses %j', (sql) => expect(refusedStatement(sql)).not.toBeNull());
});
