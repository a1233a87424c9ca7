/** The pair of tokens signup, login and refresh answer with. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export type Send = (request: Request) => Promise<Response>;

const ISSUES_TOKENS = /\/api\/v1\/auth\/(signup|login|refresh)$/;
const ENDS_SESSION = /\/api\/v1\/(auth\/logout|me)$/;

/**
 * The caller's tokens, kept for them: learnt from signup, login and refresh responses,
 * sent as `Authorization: Bearer …`, and on a 401 renewed once with the refresh token
 * (concurrent 401s share one refresh) before the request is tried again.
 */
export class Session {
  private tokens: Tokens | null;
  private refreshing: Promise<boolean> | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly send: Send,
    tokens?: Tokens,
  ) {
    this.tokens = tokens ?? null;
  }

  get current(): Tokens | null {
    return this.tokens;
  }

  use(tokens: Tokens | null): void {
    this.tokens = tokens;
  }

  /** The `fetch` the generated client sends every request through. */
  readonly fetch: Send = async (request) => {
    // A request body can be read only once; the retry after a refresh needs its own copy.
    const spare = request.clone();
    const sentToken = this.authorize(request);
    const response = await this.send(request);
    await this.learnFrom(request, response);
    if (response.status !== 401 || !sentToken || !(await this.refreshAfter(sentToken))) return response;
    this.authorize(spare);
    return this.send(spare);
  };

  /** Adds the access token unless the caller set Authorization itself; returns the token it added. */
  private authorize(request: Request): string | undefined {
    if (!this.tokens || request.headers.has('authorization') || ISSUES_TOKENS.test(new URL(request.url).pathname)) return undefined;
    request.headers.set('authorization', `Bearer ${this.tokens.accessToken}`);
    return this.tokens.accessToken;
  }

  private async learnFrom(request: Request, response: Response): Promise<void> {
    const path = new URL(request.url).pathname;
    if (response.ok && ISSUES_TOKENS.test(path)) {
      const body = (await response.clone().json()) as Tokens;
      this.tokens = { accessToken: body.accessToken, refreshToken: body.refreshToken };
    } else if (response.status === 204 && request.method !== 'GET' && ENDS_SESSION.test(path)) {
      this.tokens = null;
    }
  }

  /** Renews the tokens once for a request refused with `staleToken`; false when the session is over. */
  private async refreshAfter(staleToken: string): Promise<boolean> {
    if (this.tokens && this.tokens.accessToken !== staleToken) return true;
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refresh(): Promise<boolean> {
    if (!this.tokens) return false;
    const response = await this.send(
      new Request(new URL('/api/v1/auth/refresh', this.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: this.tokens.refreshToken }),
      }),
    );
    if (!response.ok) {
      this.tokens = null;
      return false;
    }
    const body = (await response.json()) as Tokens;
    this.tokens = { accessToken: body.accessToken, refreshToken: body.refreshToken };
    return true;
  }
}
