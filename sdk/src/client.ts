import createClient from 'openapi-fetch';
import type { components, paths } from './generated/schema.js';
import { Session, type Send, type Tokens } from './session.js';

export type CheckoutRequest = components['schemas']['CheckoutRequest'];

export interface AgoraClientOptions {
  /** The aggregator's origin, e.g. `http://localhost:8080` (paths carry `/api/v1`). */
  baseUrl: string;
  /** Tokens of an earlier session, to resume it. */
  tokens?: Tokens;
  /** The fetch to send requests with (default: the global one). */
  fetch?: Send;
}

/**
 * A typed client of the Agora public API: every path and body of public.yaml, plus the
 * caller's session (tokens kept and refreshed, see session.ts) and safe checkout retries.
 */
export function createAgoraClient(options: AgoraClientOptions) {
  const session = new Session(options.baseUrl, options.fetch ?? ((request) => fetch(request)), options.tokens);
  const api = createClient<paths>({ baseUrl: options.baseUrl, fetch: session.fetch });
  return Object.assign(api, {
    session,
    /**
     * `POST /api/v1/checkout` with a fresh `Idempotency-Key`. To retry an attempt whose answer
     * was lost, pass its key again: the server answers the first outcome, never charging twice.
     */
    checkout(body: CheckoutRequest, { idempotencyKey = crypto.randomUUID() }: { idempotencyKey?: string } = {}) {
      return api.POST('/api/v1/checkout', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } });
    },
  });
}

export type AgoraClient = ReturnType<typeof createAgoraClient>;
