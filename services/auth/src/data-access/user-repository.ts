import {
  Op,
  isUniqueViolation,
  preparedSql,
  storedTimeIso,
  storedTimeText,
  truncateWriteAheadLog,
  type Database,
  type ReadQuery,
} from '@agora/db';
import { Conflict } from '@agora/errors';
import type { Role } from '@agora/identity';
import type { UserRecord } from '../domain/user.js';
import type { Tx } from './transactions.js';
import type { AuthModels } from './models.js';

export type { UserRecord };

export interface Credentials {
  user: UserRecord;
  passwordHash: string;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string | Date;
}

/** The columns of a UserRecord, for the reads on the driver (`preparedSql`): a hop's `GET /me` and the name lookups. */
const USER_COLUMNS = 'id, email, name, role, created_at AS createdAt';

/** A UserRecord from a row of the ORM or of the driver, field by field: a row's password hash never comes along. */
function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: new Date(storedTimeIso(row.createdAt)),
  };
}

const ACTIVE = { deletedAt: null };

/** The users table: active accounts, plus tombstones of deleted ones. */
export class UserRepository {
  private readonly select: ReadQuery;
  private readonly dialect: string;

  constructor(
    private readonly models: AuthModels,
    db: Database,
  ) {
    this.select = preparedSql(db).all;
    this.dialect = db.getDialect();
  }

  async insert(user: UserRecord & { passwordHash: string }, transaction?: Tx): Promise<UserRecord> {
    try {
      await this.models.User.create({ ...user, updatedAt: user.createdAt }, { transaction });
    } catch (err) {
      if (isUniqueViolation(err)) throw new Conflict('An account with this email already exists', 'email_taken');
      throw err;
    }
    return toUser(user);
  }

  async findById(id: string, transaction?: Tx): Promise<UserRecord | null> {
    const [row] = await this.select<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE id = ? AND deleted_at IS NULL`,
      [id],
      transaction,
    );
    return row ? toUser(row) : null;
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const row: any = await this.models.User.findOne({ where: { email, ...ACTIVE }, raw: true });
    return row ? toUser(row) : null;
  }

  async credentialsByEmail(email: string): Promise<Credentials | null> {
    const row: any = await this.models.User.findOne({ where: { email, ...ACTIVE }, raw: true });
    return row ? { user: toUser(row), passwordHash: row.passwordHash } : null;
  }

  async credentialsById(id: string): Promise<Credentials | null> {
    const row: any = await this.models.User.findOne({ where: { id, ...ACTIVE }, raw: true });
    return row ? { user: toUser(row), passwordHash: row.passwordHash } : null;
  }

  async update(
    id: string,
    changes: { name?: string; role?: Role; passwordHash?: string },
    transaction?: Tx,
  ): Promise<void> {
    const values = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    await this.models.User.update({ ...values, updatedAt: new Date() }, { where: { id, ...ACTIVE }, transaction });
  }

  /** Scrubs the account to a tombstone that frees its email; the row keeps `deletedAt` for revocations. */
  async softDelete(id: string, at: Date, transaction?: Tx): Promise<boolean> {
    const [count] = await this.models.User.update(
      {
        email: `deleted-${id}@users.agora.invalid`,
        name: 'Deleted user',
        passwordHash: '',
        updatedAt: at,
        deletedAt: at,
      },
      { where: { id, ...ACTIVE }, transaction },
    );
    return count === 1;
  }

  /**
   * After a deletion, on SQLite: the old email and name stay in the write-ahead log until
   * it is truncated (see truncateWriteAheadLog).
   */
  async forgetOverwrittenValues(): Promise<void> {
    await truncateWriteAheadLog(this.models.User.sequelize!);
  }

  /** Keyset page ordered by (createdAt, id). */
  async list(filter: { email?: string; after?: [Date, string]; limit: number }): Promise<UserRecord[]> {
    const where: any = { ...ACTIVE };
    if (filter.email !== undefined) where.email = filter.email;
    if (filter.after) {
      const [createdAt, id] = filter.after;
      where[Op.or] = [{ createdAt: { [Op.gt]: createdAt } }, { createdAt, id: { [Op.gt]: id } }];
    }
    const rows: any[] = await this.models.User.findAll({
      where,
      order: [
        ['createdAt', 'ASC'],
        ['id', 'ASC'],
      ],
      limit: filter.limit,
      raw: true,
    });
    return rows.map(toUser);
  }

  async findMany(ids: string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.select<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE id IN (?) AND deleted_at IS NULL`,
      [ids],
    );
    return rows.map(toUser);
  }

  async deletedSince(since: Date): Promise<Array<{ userId: string; revokedAt: Date }>> {
    const rows = await this.select<{ id: string; deletedAt: string | Date }>(
      'SELECT id, deleted_at AS deletedAt FROM users WHERE deleted_at >= ? ORDER BY deleted_at ASC',
      [storedTimeText(this.dialect, since.toISOString())],
    );
    return rows.map((row) => ({ userId: row.id, revokedAt: new Date(storedTimeIso(row.deletedAt)) }));
  }
}
