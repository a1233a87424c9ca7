/** One page of a list, as every list operation answers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list call. Awaited, it is its first page; iterated with `for await`, it is every item of
 * every page, each page fetched when the one before is used up.
 *
 * ```ts
 * const first = await agora.products.list({ q: 'lamp' });          // { items, nextCursor }
 * for await (const product of agora.products.list({ q: 'lamp' })) { … } // all of them
 * ```
 */
export class PageRequest<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  private first: Promise<Page<T>> | null = null;

  constructor(
    private readonly fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
    private readonly startCursor?: string,
  ) {}

  private firstPage(): Promise<Page<T>> {
    this.first ??= this.fetchPage(this.startCursor);
    return this.first;
  }

  then<A = Page<T>, B = never>(
    onFulfilled?: ((page: Page<T>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.firstPage().then(onFulfilled, onRejected);
  }

  /** Every page, from the first. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let page = await this.firstPage();
    yield page;
    while (page.nextCursor !== null) {
      page = await this.fetchPage(page.nextCursor);
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Every item, up to `limit` of them (default 10,000, a guard against collecting a whole catalog by accident). */
  async toArray({ limit = 10_000 }: { limit?: number } = {}): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) {
      if (items.length === limit) break;
      items.push(item);
    }
    return items;
  }
}
