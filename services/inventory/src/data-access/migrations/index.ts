import type { Migration } from '@agora/db';
import { createProducts } from './001-products.js';
import { createCarts } from './002-carts.js';
import { createReservations } from './003-reservations.js';
import { createErasures } from './004-erasures.js';
import { createCartPurchases } from './005-cart-purchases.js';
import { createCategoryCounts } from './006-category-counts.js';
import { createProductSearch } from './007-product-search.js';

/** Every schema change of the inventory database, in order; applied at start. */
export const migrations: Migration[] = [
  createProducts,
  createCarts,
  createReservations,
  createErasures,
  createCartPurchases,
  createCategoryCounts,
  createProductSearch,
];
