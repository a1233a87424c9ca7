import { randomUUID } from 'node:crypto';
import type { OrdersModels } from './models.js';
import type { CreatedAtPosition } from '@agora/paging';
import { NEWEST_FIRST, newestFirstAfter } from './keyset.js';

export interface AddressFields {
  fullName: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
  phone: string | null;
}

export interface AddressRecord extends AddressFields {
  id: string;
  createdAt: string;
}

function toRecord(row: { get(options: { plain: true }): Record<string, any> }): AddressRecord {
  const r = row.get({ plain: true });
  return {
    id: r.id,
    fullName: r.fullName,
    line1: r.line1,
    line2: r.line2,
    city: r.city,
    postalCode: r.postalCode,
    country: r.country,
    phone: r.phone,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

/** A user's saved addresses; every query is scoped to the owner. */
export class AddressRepository {
  constructor(private readonly models: OrdersModels) {}

  async list(userId: string, limit: number, after?: CreatedAtPosition): Promise<AddressRecord[]> {
    const rows = await this.models.Address.findAll({
      where: { userId, ...newestFirstAfter(after) },
      order: NEWEST_FIRST,
      limit,
    });
    return rows.map(toRecord);
  }

  async create(userId: string, fields: AddressFields): Promise<AddressRecord> {
    const now = new Date();
    const row = await this.models.Address.create({
      id: randomUUID(),
      userId,
      ...fields,
      createdAt: now,
      updatedAt: now,
    });
    return toRecord(row);
  }

  async findOwned(userId: string, id: string): Promise<AddressRecord | undefined> {
    const row = await this.models.Address.findOne({ where: { id, userId } });
    return row ? toRecord(row) : undefined;
  }

  /** Returns the changed address, or undefined when the user has none with this id. */
  async update(userId: string, id: string, changes: Partial<AddressFields>): Promise<AddressRecord | undefined> {
    const [count] = await this.models.Address.update({ ...changes, updatedAt: new Date() }, { where: { id, userId } });
    return count === 0 ? undefined : this.findOwned(userId, id);
  }

  async delete(userId: string, id: string): Promise<boolean> {
    return (await this.models.Address.destroy({ where: { id, userId } })) > 0;
  }
}
