import type { Product } from '../domain/product.js';
import type { Row } from './models.js';

/** The columns a `product` is made of, never `SELECT *` (search_text is for the database only). */
export const PRODUCT_COLUMNS =
  'id, seller_id, title, description, price, currency, stock, category, images, status, created_at, updated_at';

/**
 * A stored time as an ISO string. SQLite gives back the text Sequelize wrote
 * (`2026-12-01 10:00:00.000 +00:00`), rewritten without parsing a Date; MariaDB a Date.
 */
export function isoTime(value: string | Date): string {
  if (typeof value === 'string' && value.length === 30 && value.endsWith(' +00:00'))
    return `${value.slice(0, 10)}T${value.slice(11, 23)}Z`;
  return new Date(value).toISOString();
}

/** A product from a row of PRODUCT_COLUMNS. */
export function productOf(row: Row): Product {
  return {
    id: row.id,
    sellerId: row.seller_id,
    title: row.title,
    description: row.description,
    price: Number(row.price),
    currency: row.currency,
    stock: Number(row.stock),
    category: row.category ?? null,
    images: JSON.parse(row.images),
    status: row.status,
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}
