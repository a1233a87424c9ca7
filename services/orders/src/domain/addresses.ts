import { NotFound, ValidationFailed } from '@agora/errors';
import type { AddressFields, AddressRecord, AddressRepository } from '../data-access/address-repository.js';
import { COUNTRY_CODES } from './countries.js';
import { createdAtCursor, createdAtPosition, pageOf, type Page } from '@agora/paging';

export type AddressInput = Omit<AddressFields, 'line2' | 'phone'> & { line2?: string | null; phone?: string | null };
export type Address = Omit<AddressRecord, 'createdAt'>;

/** The spec checks the shape of a country code; only this list says whether it is assigned. */
export function assertKnownCountry(country: string | undefined, path: string): void {
  if (country !== undefined && !COUNTRY_CODES.has(country)) {
    throw new ValidationFailed('The request is not valid', [
      { path, message: 'is not an ISO 3166-1 alpha-2 country code' },
    ]);
  }
}

/** Omitted optional lines are stored as null, as API.md asks. */
export function addressFields(input: AddressInput): AddressFields {
  return {
    fullName: input.fullName,
    line1: input.line1,
    line2: input.line2 ?? null,
    city: input.city,
    postalCode: input.postalCode,
    country: input.country,
    phone: input.phone ?? null,
  };
}

function view({ createdAt: _createdAt, ...address }: AddressRecord): Address {
  return address;
}

/** A user's address book; every operation sees only the caller's own addresses. */
export class AddressBook {
  constructor(private readonly addresses: AddressRepository) {}

  async list(userId: string, limit: number, cursor?: string): Promise<Page<Address>> {
    const rows = await this.addresses.list(userId, limit + 1, createdAtPosition(cursor));
    return pageOf(rows, limit, createdAtCursor, view);
  }

  async add(userId: string, input: AddressInput): Promise<Address> {
    assertKnownCountry(input.country, '/body/country');
    return view(await this.addresses.create(userId, addressFields(input)));
  }

  async get(userId: string, id: string): Promise<Address> {
    const found = await this.addresses.findOwned(userId, id);
    if (!found) throw new NotFound('Address');
    return view(found);
  }

  async change(userId: string, id: string, changes: Partial<AddressInput>): Promise<Address> {
    assertKnownCountry(changes.country, '/body/country');
    const changed = await this.addresses.update(userId, id, changes);
    if (!changed) throw new NotFound('Address');
    return view(changed);
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.addresses.delete(userId, id))) throw new NotFound('Address');
  }
}
