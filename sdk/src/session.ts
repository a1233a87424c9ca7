/** The pair of tokens signup, login and refresh answer with. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/**
 * Where the SDK keeps the caller's tokens. The default keeps them in memory; pass your own to
 * persist them (localStorage, a cookie jar, a keychain) so a reload or another tab resumes the
 * session. The SDK calls `set` with each new pair (a refresh token works once: the old one
 * must be forgotten) and with `null` when the session ends.
 */
export interface TokenStore {
  get(): Tokens | null | Promise<Tokens | null>;
  set(tokens: Tokens | null): void | Promise<void>;
}

/** Runs `refresh` while holding a lock shared by every client of one store (e.g. `navigator.locks` across tabs). */
export type RefreshLock = <T>(refresh: () => Promise<T>) => Promise<T>;

export function memoryTokenStore(initial: Tokens | null = null): TokenStore {
  let tokens = initial;
  return {
    get: () => tokens,
    set: (next) => {
      tokens = next;
    },
  };
}

/** Trades a refresh token for a new pair; null when the server refuses it (the session is over). */
export type Refresh = (refreshToken: string) => Promise<Tokens | null>;

/**
 * The caller's session: which access token to send, and one refresh at a time. When a call is
 * refused with 401, the token it carried is stale; calls refused concurrently share one refresh,
 * and a refresh another client of the store already made (another tab) is reused, not repeated
 * — repeating it would present a spent refresh token and end the session.
 */
export class Session {
  private refreshing: Promise<boolean> | null = null;

  constructor(
    readonly store: TokenStore,
    private readonly refresh: Refresh,
    private readonly lock: RefreshLock = (run) => run(),
  ) {}

  async accessToken(): Promise<string | null> {
    return (await this.store.get())?.accessToken ?? null;
  }

  async save(tokens: Tokens | null): Promise<void> {
    await this.store.set(tokens && { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
  }

  /** After `staleToken` was refused: true once a newer access token is in the store, false when the session is over. */
  renewAfter(staleToken: string): Promise<boolean> {
    this.refreshing ??= this.lock(() => this.renew(staleToken)).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async renew(staleToken: string): Promise<boolean> {
    const tokens = await this.store.get();
    if (!tokens) return false;
    if (tokens.accessToken !== staleToken) return true;
    const renewed = await this.refresh(tokens.refreshToken);
    await this.save(renewed);
    return renewed !== null;
  }
}
