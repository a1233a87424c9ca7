import { NotFound } from '@agora/errors';
import type { ErasureRepository } from '../data-access/erasure-repository.js';
import type { ErasingService } from './erasure-schedule.js';

export interface ErasureProgress {
  userId: string;
  requestedAt: string;
  /** When the last service confirmed; null while any is pending. */
  completedAt: string | null;
  services: Array<{
    service: ErasingService;
    status: 'pending' | 'done';
    attempts: number;
    confirmedAt: string | null;
    lastError: string | null;
  }>;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** How far the erasure of a deleted account has got, service by service. */
export class Erasures {
  constructor(private readonly erasures: ErasureRepository) {}

  async progress(userId: string): Promise<ErasureProgress> {
    const found = await this.erasures.find(userId);
    if (!found) throw new NotFound('Erasure');
    return {
      userId,
      requestedAt: found.erasure.requestedAt.toISOString(),
      completedAt: iso(found.erasure.completedAt),
      services: found.deliveries.map((d) => ({
        service: d.service,
        status: d.confirmedAt ? 'done' : 'pending',
        attempts: d.attempts,
        confirmedAt: iso(d.confirmedAt),
        lastError: d.lastError,
      })),
    };
  }
}
