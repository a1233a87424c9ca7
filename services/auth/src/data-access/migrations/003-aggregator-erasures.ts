import type { Migration } from '@agora/db';

/**
 * The aggregator became the first process an erasure is sent to (its checkout log keeps
 * shipping addresses). Erasures recorded before that owe it a delivery too: one is added,
 * due at once, and an erasure that was complete is complete again once it is confirmed.
 */
export const aggregatorErasures: Migration = {
  name: '003-aggregator-erasures',
  async up({ queryInterface }) {
    const now = new Date();
    await queryInterface.sequelize.query(
      `INSERT INTO erasure_deliveries (user_id, service, attempts, next_attempt_at, confirmed_at, last_error)
       SELECT e.user_id, 'aggregator', 0, :now, NULL, NULL FROM erasures e
        WHERE NOT EXISTS (SELECT 1 FROM erasure_deliveries d WHERE d.user_id = e.user_id AND d.service = 'aggregator')`,
      { replacements: { now } },
    );
    await queryInterface.sequelize.query(
      `UPDATE erasures SET completed_at = NULL
        WHERE completed_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM erasure_deliveries d WHERE d.user_id = erasures.user_id AND d.confirmed_at IS NULL)`,
    );
  },
};
