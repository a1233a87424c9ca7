import { DataTypes, QueryTypes, type Migration } from '@agora/db';

/**
 * Keys count their attempts (a key whose attempt was backed out by an outage may run
 * again, as a new order), sagas count their saves, and the keys an earlier version left
 * behind are repaired:
 * - a key still `in_progress` whose saga was compensated gets the saga's answer
 *   (the saga's end and the key's answer used to be two writes; a crash between them
 *   left the key "in use" for good);
 * - a stored 503 is not an answer: such keys become `retryable`.
 * A key in progress whose saga completed needs the order from the orders service:
 * the recovery job completes it (SagaRecovery).
 */
export const finalAnswers: Migration = {
  name: '003-final-answers',
  async up({ queryInterface, sequelize }) {
    await queryInterface.addColumn('idempotency_keys', 'attempt', {
      type: DataTypes.INTEGER,
      allowNull: false,
      defaultValue: 0,
    });
    // Bumped by every save, so a fenced save always changes its row (MySQL counts changed rows, not matched ones).
    await queryInterface.addColumn('sagas', 'revision', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
    const stuck = await sequelize.query<{ user_id: string; idempotency_key: string; failure: string | null }>(
      `SELECT k.user_id, k.idempotency_key, s.failure FROM idempotency_keys k JOIN sagas s ON s.order_id = k.order_id
        WHERE k.state = 'in_progress' AND s.state = 'compensated'`,
      { type: QueryTypes.SELECT },
    );
    for (const key of stuck) {
      const failure = key.failure ? (JSON.parse(key.failure) as { status: number; body: unknown }) : null;
      const final = failure && failure.status !== 503;
      await sequelize.query(
        'UPDATE idempotency_keys SET state = ?, response_status = ?, response_body = ? WHERE user_id = ? AND idempotency_key = ?',
        {
          replacements: [
            final ? 'completed' : 'retryable',
            final ? failure.status : null,
            final ? JSON.stringify(failure.body) : null,
            key.user_id,
            key.idempotency_key,
          ],
        },
      );
    }
    await sequelize.query(
      "UPDATE idempotency_keys SET state = 'retryable', response_status = NULL, response_body = NULL WHERE state = 'completed' AND response_status = 503",
    );
    // The recovery job looks up keys in progress whose saga ended, by order id.
    await queryInterface.addIndex('sagas', ['order_id'], { name: 'sagas_order_id' });
    await queryInterface.addIndex('idempotency_keys', ['state', 'order_id'], { name: 'idempotency_keys_state_order' });
  },
};
