import { identityOf, type BenchUser } from './accounts.js';
import { getJson, inBatches, postJson, sendJson } from './requests.js';

/** Products every checkout buys: stock at the maximum so a long run never sells out (or `stock`, for a stampede). */
export async function createHotProducts(
  inventoryUrl: string,
  sellers: BenchUser[],
  stock = 1_000_000,
): Promise<string[]> {
  return inBatches(sellers.length, 4, async (index) => {
    const product = await postJson<{ id: string }>(
      `${inventoryUrl}/seller/products`,
      { title: `Bench bestseller ${index}`, price: 1_999 + index * 100, stock, currency: 'EUR', category: 'Books' },
      identityOf(sellers[index]),
    );
    return product.id;
  });
}

/** Puts one of each product in each buyer's cart, straight on the inventory service (the aggregator would add only the JWT check). */
export async function fillCarts(inventoryUrl: string, buyers: BenchUser[], productIds: string[]): Promise<void> {
  await inBatches(buyers.length, 16, async (index) => {
    for (const productId of productIds) {
      await sendJson('PUT', `${inventoryUrl}/cart/items/${productId}`, { quantity: 1 }, identityOf(buyers[index]));
    }
  });
}

/** Empties each buyer's cart (what a checkout left in it, e.g. lines it could not buy). */
export async function clearCarts(inventoryUrl: string, buyers: BenchUser[]): Promise<void> {
  await inBatches(buyers.length, 16, (index) =>
    sendJson('DELETE', `${inventoryUrl}/cart`, undefined, identityOf(buyers[index])),
  );
}

/** Ids of listed products to view, spread over the categories so they are not all the newest. */
export async function sampleProductIds(inventoryUrl: string): Promise<string[]> {
  const categories = await getJson<{ items: Array<{ name: string }> }>(`${inventoryUrl}/categories`);
  const pages = await Promise.all(
    categories.items
      .slice(0, 10)
      .map((c) =>
        getJson<{ items: Array<{ id: string }> }>(
          `${inventoryUrl}/products?limit=20&sort=price_asc&category=${encodeURIComponent(c.name)}`,
        ),
      ),
  );
  return pages.flatMap((page) => page.items.map((p) => p.id));
}

/** Up to `count` listed products' ids, newest first, paged through inventory's public list. */
export async function listedProductIds(inventoryUrl: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ id: string }>; nextCursor: string | null } = await getJson(
      `${inventoryUrl}/products?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    ids.push(...page.items.map((p) => p.id));
    cursor = page.nextCursor;
  } while (cursor && ids.length < count);
  return ids.slice(0, count);
}
