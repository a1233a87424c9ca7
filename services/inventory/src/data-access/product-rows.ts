import { storedTimeIso } from '@agora/db';
import type { Product } from '../domain/product.js';
import type { Row } from './models.js';

/** The columns a `product` is made of, never `SELECT *` (search_text is for the database only). */
export const PRODUCT_COLUMNS =
  'id, seller_id, title, description, price, currency, stock, category, images, status, created_at, updated_at';

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
    createdAt: storedTimeIso(row.created_at),
    updatedAt: storedTimeIso(row.updated_at),
  };
}
