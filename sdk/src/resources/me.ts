import type { PageRequest } from '../pagination.js';
import type { Session } from '../session.js';
import type { RequestOptions, Transport } from '../transport.js';
import type { Address, AddressInput, AddressPatch, UpdateMeRequest, User } from '../types.js';
import { paged } from './paged.js';

/** The caller's saved addresses. */
export class Addresses {
  constructor(private readonly transport: Transport) {}

  list(query: { limit?: number; cursor?: string } = {}, options?: RequestOptions): PageRequest<Address> {
    return paged(this.transport, 'listMyAddresses', query, options);
  }

  create(body: AddressInput, options?: RequestOptions): Promise<Address> {
    return this.transport.operation('createMyAddress', { body }, options);
  }

  get(id: string, options?: RequestOptions): Promise<Address> {
    return this.transport.operation('getMyAddress', { params: { id } }, options);
  }

  update(id: string, body: AddressPatch, options?: RequestOptions): Promise<Address> {
    return this.transport.operation('updateMyAddress', { params: { id }, body }, options);
  }

  delete(id: string, options?: RequestOptions): Promise<void> {
    return this.transport.operation('deleteMyAddress', { params: { id } }, options);
  }
}

/** The caller's account. */
export class Me {
  readonly addresses: Addresses;

  constructor(
    private readonly transport: Transport,
    private readonly session: Session,
  ) {
    this.addresses = new Addresses(transport);
  }

  get(options?: RequestOptions): Promise<User> {
    return this.transport.operation('getMe', {}, options);
  }

  update(body: UpdateMeRequest, options?: RequestOptions): Promise<User> {
    return this.transport.operation('updateMe', { body }, options);
  }

  /** Deletes the account; its tokens are refused from then on, so the session forgets them. */
  async delete(options?: RequestOptions): Promise<void> {
    await this.transport.operation('deleteMe', {}, options);
    await this.session.save(null);
  }
}
