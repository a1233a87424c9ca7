import { InvalidState, NotFound } from '@agora/errors';
import type { Role } from '@agora/identity';
import { createdAtCursor, createdAtPosition, pageOf, type Page } from '@agora/paging';
import type { UserRepository } from '../data-access/user-repository.js';
import type { UserRecord } from './user.js';
import { normalizeEmail, type Accounts } from './accounts.js';

/** What admins may do to other accounts; an admin never demotes or deletes itself (no lock-out). */
export class UserAdministration {
  constructor(
    private readonly users: UserRepository,
    private readonly accounts: Accounts,
  ) {}

  async list(query: { email?: string; limit: number; cursor?: string }): Promise<Page<UserRecord>> {
    const after = createdAtPosition(query.cursor);
    const rows = await this.users.list({
      email: query.email === undefined ? undefined : normalizeEmail(query.email),
      after: after ? [new Date(after.createdAt), after.id] : undefined,
      limit: query.limit + 1,
    });
    return pageOf(rows, query.limit, createdAtCursor);
  }

  async get(id: string): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFound('User');
    return user;
  }

  async update(adminId: string, id: string, changes: { name?: string; role?: Role }): Promise<UserRecord> {
    const user = await this.get(id);
    if (id === adminId && changes.role !== undefined && changes.role !== 'admin')
      throw new InvalidState('An admin cannot demote itself');
    await this.users.update(id, changes);
    return { ...user, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) };
  }

  async delete(adminId: string, id: string): Promise<void> {
    if (id === adminId) throw new InvalidState('An admin cannot delete itself');
    if (!(await this.accounts.delete(id))) throw new NotFound('User');
  }
}
