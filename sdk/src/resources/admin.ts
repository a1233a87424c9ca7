import type { PageRequest } from '../pagination.js';
import type { RequestOptions, Transport } from '../transport.js';
import type { AdminUpdateUserRequest, ErasureProgress, User } from '../types.js';
import { paged } from './paged.js';

/** Accounts, for admins. */
export class AdminUsers {
  constructor(private readonly transport: Transport) {}

  list(query: { email?: string; limit?: number; cursor?: string } = {}, options?: RequestOptions): PageRequest<User> {
    return paged(this.transport, 'adminListUsers', query, options);
  }

  get(id: string, options?: RequestOptions): Promise<User> {
    return this.transport.operation('adminGetUser', { params: { id } }, options);
  }

  update(id: string, body: AdminUpdateUserRequest, options?: RequestOptions): Promise<User> {
    return this.transport.operation('adminUpdateUser', { params: { id }, body }, options);
  }

  delete(id: string, options?: RequestOptions): Promise<void> {
    return this.transport.operation('adminDeleteUser', { params: { id } }, options);
  }

  /** How far the erasure of a deleted account has got. */
  erasure(id: string, options?: RequestOptions): Promise<ErasureProgress> {
    return this.transport.operation('adminGetUserErasure', { params: { id } }, options);
  }
}

export class Admin {
  readonly users: AdminUsers;

  constructor(transport: Transport) {
    this.users = new AdminUsers(transport);
  }
}
