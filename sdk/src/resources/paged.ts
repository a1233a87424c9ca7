import type { ResultOf, SdkOperationId, QueryOf } from '../operations.js';
import { PageRequest, type Page } from '../pagination.js';
import type { RequestOptions, Transport } from '../transport.js';

type ItemOf<K extends SdkOperationId> = ResultOf<K> extends Page<infer T> ? T : never;

/** A list operation as a PageRequest: each page is the same query with the cursor of the one before. */
export function paged<K extends SdkOperationId>(
  transport: Transport,
  id: K,
  query: QueryOf<K> & { cursor?: string },
  options?: RequestOptions,
): PageRequest<ItemOf<K>> {
  const fetchPage = (cursor: string | undefined) =>
    transport.operation(id, { query: { ...query, cursor } }, options) as Promise<Page<ItemOf<K>>>;
  return new PageRequest(fetchPage, query.cursor);
}
