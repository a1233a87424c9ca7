import { Umzug, SequelizeStorage } from 'umzug';
import { QueryTypes, type QueryInterface, type Sequelize } from 'sequelize';

export interface Migration {
  name: string;
  up: (context: { queryInterface: QueryInterface; sequelize: Sequelize }) => Promise<void>;
  down?: (context: { queryInterface: QueryInterface; sequelize: Sequelize }) => Promise<void>;
}

type MigrationContext = { queryInterface: QueryInterface; sequelize: Sequelize };

const LOCK_TIMEOUT_SECONDS = 120;

/**
 * Applies the pending migrations, in order, recording them in `schema_migrations`. On
 * MySQL, replicas starting together on an empty database take turns under a named lock
 * (held by one pinned connection), so none of them runs a migration another already ran.
 */
export async function runMigrations(sequelize: Sequelize, migrations: Migration[]): Promise<string[]> {
  const umzug = new Umzug<MigrationContext>({
    migrations: migrations.map((m) => ({
      name: m.name,
      up: async ({ context }: { context: MigrationContext }) => m.up(context),
      down: async ({ context }: { context: MigrationContext }) => m.down?.(context),
    })),
    context: { queryInterface: sequelize.getQueryInterface(), sequelize },
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
  if (sequelize.getDialect() !== 'mysql') return (await umzug.up()).map((m) => m.name);

  const lock = `agora_migrations_${sequelize.getDatabaseName()}`;
  // A transaction only pins one connection for the lock's lifetime; nothing is written through it.
  return sequelize.transaction(async (pinned) => {
    const [row] = await sequelize.query<{ locked: number | null }>('SELECT GET_LOCK(?, ?) AS locked', {
      replacements: [lock, LOCK_TIMEOUT_SECONDS],
      type: QueryTypes.SELECT,
      transaction: pinned,
    });
    if (Number(row?.locked) !== 1) throw new Error(`Timed out waiting for the migration lock ${lock}`);
    try {
      return (await umzug.up()).map((m) => m.name);
    } finally {
      await sequelize.query('SELECT RELEASE_LOCK(?)', { replacements: [lock], transaction: pinned });
    }
  });
}
