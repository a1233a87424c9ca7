import { randomUUID } from 'node:crypto';
import { AppError, Unauthorized, ValidationFailed } from '@agora/errors';
import type { Role } from '@agora/identity';
import type { UserRepository } from '../data-access/user-repository.js';
import type { InTransaction } from '../data-access/transactions.js';
import type { ErasureRepository } from '../data-access/erasure-repository.js';
import { erasureSchedule } from './erasure-schedule.js';
import type { UserRecord } from './user.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { LoginThrottle } from './login-throttle.js';
import type { Session, Sessions } from './sessions.js';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function invalidCredentials(): Unauthorized {
  return new Unauthorized('The email or password is wrong', 'invalid_credentials');
}

/** Sign-up, login, and the caller's own account. */
export class Accounts {
  constructor(
    private readonly inTransaction: InTransaction,
    private readonly users: UserRepository,
    private readonly sessions: Sessions,
    private readonly throttle: LoginThrottle,
    private readonly erasures: ErasureRepository,
    /** How long after a deletion the services' part of its erasure is first sent (see erasureSchedule). */
    private readonly servicesErasureDelayMs: number,
  ) {}

  async signup(input: {
    email: string;
    password: string;
    name: string;
    role?: Exclude<Role, 'admin'>;
  }): Promise<Session> {
    const passwordHash = await hashPassword(input.password);
    const user: UserRecord = {
      id: randomUUID(),
      email: normalizeEmail(input.email),
      name: input.name,
      role: input.role ?? 'buyer',
      createdAt: new Date(),
    };
    return this.inTransaction(async (t) => {
      await this.users.insert({ ...user, passwordHash }, t);
      return this.sessions.start(user, t);
    });
  }

  /** Creates an admin account (bootstrap only): role admin never comes from a request. */
  async createAdmin(input: { email: string; password: string; name: string }): Promise<UserRecord> {
    const user: UserRecord = {
      id: randomUUID(),
      email: normalizeEmail(input.email),
      name: input.name,
      role: 'admin',
      createdAt: new Date(),
    };
    return this.users.insert({ ...user, passwordHash: await hashPassword(input.password) });
  }

  /** `clientIp`: the address the aggregator saw the attempt from; failures are counted per (email, address). */
  async login(input: { email: string; password: string }, clientIp: string): Promise<Session> {
    const email = normalizeEmail(input.email);
    const attempter = { email, clientIp };
    await this.throttle.assertAllowed(attempter);
    const credentials = await this.users.credentialsByEmail(email);
    const passwordMatches = await verifyPassword(credentials?.passwordHash, input.password);
    if (!credentials || !passwordMatches) {
      await this.throttle.recordFailure(attempter);
      throw invalidCredentials();
    }
    await this.throttle.reset(attempter);
    return this.sessions.start(credentials.user);
  }

  /** The caller's account; a caller whose account is gone is no longer signed in. */
  async me(userId: string): Promise<UserRecord> {
    const user = await this.users.findById(userId);
    if (!user) throw new Unauthorized('This account no longer exists');
    return user;
  }

  /** Name and password changes; a new password ends every session of the account. */
  async updateMe(
    userId: string,
    changes: { name?: string; password?: string; currentPassword?: string },
  ): Promise<UserRecord> {
    const credentials = await this.users.credentialsById(userId);
    if (!credentials) throw new Unauthorized('This account no longer exists');
    if (changes.password === undefined) {
      if (changes.name !== undefined) await this.users.update(userId, { name: changes.name });
      return (await this.users.findById(userId)) ?? credentials.user;
    }
    if (changes.currentPassword === undefined) {
      throw new ValidationFailed('Changing the password needs the current one', [
        { path: '/body/currentPassword', message: 'is required with password' },
      ]);
    }
    if (!(await verifyPassword(credentials.passwordHash, changes.currentPassword))) {
      throw new AppError('invalid_credentials', 'The current password is wrong', { status: 403 });
    }
    const passwordHash = await hashPassword(changes.password);
    await this.inTransaction(async (t) => {
      await this.users.update(userId, { name: changes.name, passwordHash }, t);
      await this.sessions.revokeAll(userId, t);
    });
    return (await this.users.findById(userId)) ?? credentials.user;
  }

  async deleteMe(userId: string): Promise<void> {
    if (!(await this.delete(userId))) throw new Unauthorized('This account no longer exists');
  }

  /**
   * Soft delete: tombstone the row, end every session, forget the email's failed logins and
   * record the erasure the other services still owe (sent by the erasure job), all at once.
   * The deletion time feeds the revocation list that makes the aggregator refuse the
   * account's access tokens. False when there was no such active account.
   */
  async delete(userId: string): Promise<boolean> {
    const deleted = await this.inTransaction(async (t) => {
      const user = await this.users.findById(userId, t);
      const at = new Date();
      if (!user || !(await this.users.softDelete(userId, at, t))) return false;
      await this.sessions.revokeAll(userId, t);
      await this.throttle.forget(user.email, t);
      await this.erasures.record(userId, at, erasureSchedule(at, this.servicesErasureDelayMs), t);
      return true;
    });
    // The old email and name stay in SQLite's write-ahead log until it is truncated.
    if (deleted) await this.users.forgetOverwrittenValues();
    return deleted;
  }
}
