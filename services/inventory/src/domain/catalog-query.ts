import { ValidationFailed } from '@agora/errors';
import { decodeCursor, invalidCursor } from '@agora/paging';
import type { Product } from './product.js';

export type CatalogSort = 'newest' | 'price_asc' | 'price_desc';

/** Where the previous page ended: the sort key of its last product, and its id for ties. */
export interface CatalogPosition {
  key: string | number;
  id: string;
}

export interface CatalogQuery {
  words: string[];
  category?: string;
  sellerId?: string;
  minPrice?: number;
  maxPrice?: number;
  sort: CatalogSort;
  limit: number;
  after?: CatalogPosition;
}

export interface CatalogParams {
  q?: string;
  category?: string;
  sellerId?: string;
  minPrice?: number;
  maxPrice?: number;
  sort?: CatalogSort;
  limit?: number;
  cursor?: string;
}

/** Each search word must occur somewhere; more than this many words add nothing but cost. */
const MAX_WORDS = 10;

/** Turns validated query parameters into a catalog query, refusing contradictions. */
export function catalogQuery(params: CatalogParams): CatalogQuery {
  if (params.minPrice !== undefined && params.maxPrice !== undefined && params.minPrice > params.maxPrice) {
    throw new ValidationFailed('minPrice is greater than maxPrice', [
      { path: '/query/minPrice', message: 'must not be greater than maxPrice' },
    ]);
  }
  const sort = params.sort ?? 'newest';
  const words = [...new Set((params.q ?? '').toLowerCase().split(/\s+/).filter(Boolean))].slice(0, MAX_WORDS);
  return {
    words,
    category: params.category,
    sellerId: params.sellerId,
    minPrice: params.minPrice,
    maxPrice: params.maxPrice,
    sort,
    limit: params.limit ?? 20,
    after: positionOf(params.cursor, sort),
  };
}

/** The cursor names its sort, so a cursor of one order is refused by another. */
function positionOf(cursor: string | undefined, sort: CatalogSort): CatalogPosition | undefined {
  const values = decodeCursor(cursor, 3);
  if (!values) return undefined;
  const [cursorSort, key, id] = values;
  const keyOk = sort === 'newest' ? typeof key === 'string' && !Number.isNaN(Date.parse(key)) : Number.isInteger(key);
  if (cursorSort !== sort || !keyOk || typeof id !== 'string') {
    throw invalidCursor('is not a cursor of this sort');
  }
  return { key: key as string | number, id };
}

/** The cursor values of the last product of a page: the sort, its key, the id. */
export function catalogCursor(sort: CatalogSort, last: Product): unknown[] {
  return [sort, sort === 'newest' ? last.createdAt : last.price, last.id];
}
