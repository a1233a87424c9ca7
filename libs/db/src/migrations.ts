import { Umzug, SequelizeStorage } from 'umzug';
import type { QueryInterface, Sequelize } from 'sequelize';

export interface Migration {
  name: string;
  up: (context: { queryInterface: QueryInterface; sequelize: Sequelize }) => Promise<void>;
  down?: (context: { queryInterface: QueryInterface; sequelize: Sequelize }) => Promise<void>;
}

/** Applies the pending migrations, in order, recording them in `schema_migrations`. */
type MigrationContext = { queryInterface: QueryInterface; sequelize: Sequelize };

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
  const applied = await umzug.up();
  return applied.map((m) => m.name);
}
