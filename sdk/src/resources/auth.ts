import type { Session } from '../session.js';
import type { RequestOptions, Transport } from '../transport.js';
import type { AuthSession, LoginRequest, SignupRequest } from '../types.js';

/** Accounts and tokens: each call that issues tokens hands them to the session's token store. */
export class Auth {
  constructor(
    private readonly transport: Transport,
    private readonly session: Session,
  ) {}

  /** Creates a buyer or seller account and signs in with it. */
  async signup(body: SignupRequest, options?: RequestOptions): Promise<AuthSession> {
    return this.keep(await this.transport.operation('signup', { body, authenticated: false }, options));
  }

  async login(body: LoginRequest, options?: RequestOptions): Promise<AuthSession> {
    return this.keep(await this.transport.operation('login', { body, authenticated: false }, options));
  }

  /**
   * Trades the stored refresh token for a new pair now. Rarely needed: a call refused with
   * 401 refreshes by itself, once, shared by every call refused at the same time.
   */
  async refresh(options?: RequestOptions): Promise<AuthSession> {
    const refreshToken = (await this.session.store.get())?.refreshToken;
    if (!refreshToken) throw new TypeError('auth.refresh: there is no session to refresh (sign up or log in first)');
    return this.keep(
      await this.transport.operation('refreshSession', { body: { refreshToken }, authenticated: false }, options),
    );
  }

  /** Ends the session on the server (every token of this login) and forgets its tokens. */
  async logout(options?: RequestOptions): Promise<void> {
    const refreshToken = (await this.session.store.get())?.refreshToken;
    if (refreshToken)
      await this.transport.operation('logout', { body: { refreshToken }, authenticated: false }, options);
    await this.session.save(null);
  }

  private async keep(session: AuthSession): Promise<AuthSession> {
    await this.session.save(session);
    return session;
  }
}
