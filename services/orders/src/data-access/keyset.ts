import { Op } from '@agora/db';
import type { CreatedAtPosition } from '@agora/paging';

/** Rows strictly after `after` in (createdAt desc, id desc) order; ties on time are broken by id. */
export function newestFirstAfter(after: CreatedAtPosition | undefined): Record<symbol, unknown> {
  if (!after) return {};
  const createdAt = new Date(after.createdAt);
  return {
    [Op.or]: [{ createdAt: { [Op.lt]: createdAt } }, { createdAt, id: { [Op.lt]: after.id } }],
  };
}

export const NEWEST_FIRST: [string, string][] = [
  ['createdAt', 'DESC'],
  ['id', 'DESC'],
];
