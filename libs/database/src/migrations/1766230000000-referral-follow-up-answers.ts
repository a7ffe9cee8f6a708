import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referral follow-up questions come from the pack (services.json `followUpQuestions`): the answers
 * are kept as one JSON object by question id. The old fixed question, `child_satisfied`, becomes the
 * answer to the question of that id (which the Moldova pack declares), then its column goes.
 */
export class ReferralFollowUpAnswers1766230000000 implements MigrationInterface {
  name = 'ReferralFollowUpAnswers1766230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referrals ADD COLUMN follow_up_answers jsonb CHECK (jsonb_typeof(follow_up_answers) = 'object')`);
    await q.query(`
      UPDATE referrals SET follow_up_answers = CASE
        WHEN child_satisfied IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('child_satisfied', child_satisfied) END
      WHERE followed_up_at IS NOT NULL OR child_satisfied IS NOT NULL`);
    await q.query(`ALTER TABLE referrals DROP COLUMN child_satisfied`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referrals ADD COLUMN child_satisfied text CHECK (child_satisfied IN ('yes', 'no', 'unknown'))`);
    await q.query(`
      UPDATE referrals SET child_satisfied = follow_up_answers->>'child_satisfied'
      WHERE follow_up_answers->>'child_satisfied' IN ('yes', 'no', 'unknown')`);
    await q.query(`ALTER TABLE referrals DROP COLUMN follow_up_answers`);
  }
}
