import type { ErasureRepository } from '../data-access/erasure-repository.js';

/** The right to erasure, inventory's part: the user's cart and, for a seller, live listings. */
export class UserErasure {
  constructor(private readonly erasures: ErasureRepository) {}

  async erase(userId: string): Promise<{ userId: string; erasedAt: string }> {
    const { erasedAt } = await this.erasures.erase(userId, new Date());
    return { userId, erasedAt: erasedAt.toISOString() };
  }
}
