import type { Sequelize } from 'sequelize';

const cleanups = new WeakMap<Sequelize, Array<() => Promise<void>>>();

/** Work to do before this database closes (SQLite refuses to close with prepared statements still open). */
export function beforeClose(sequelize: Sequelize, cleanup: () => Promise<void>): void {
  cleanups.set(sequelize, [...(cleanups.get(sequelize) ?? []), cleanup]);
}

/** Makes `sequelize.close()` run the registered cleanups first; openDatabase does this for every database it opens. */
export function runCleanupsOnClose(sequelize: Sequelize): void {
  const close = sequelize.close.bind(sequelize);
  sequelize.close = async () => {
    for (const cleanup of cleanups.get(sequelize)?.splice(0) ?? []) await cleanup();
    return close();
  };
}
