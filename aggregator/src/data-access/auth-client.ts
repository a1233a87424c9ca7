import { AppError, TooManyRequests, isErrorCode } from '@agora/errors';
import type { ServiceClient } from '@agora/http-client';
import type { components, paths } from './generated/auth.js';

type Schemas = components['schemas'];
export type User = Schemas['User'];
export type Session = Schemas['Session'];
export type RevocationPage = Schemas['RevocationPage'];
export type ErasureProgress = Schemas['ErasureProgress'];
type UserQuery = NonNullable<paths['/admin/users']['get']['parameters']['query']>;
/** As sent: the role has a default, which the generated type makes required, and a sign-up may leave it out. */
type SignupRequest = Omit<Schemas['SignupRequest'], 'role'> & Partial<Pick<Schemas['SignupRequest'], 'role'>>;

const userPath = (id: string) => `/admin/users/${encodeURIComponent(id)}`;

/**
 * The auth service, typed from api-docs/auth.yaml. The caller's identity travels in
 * the request context, so /me and /admin calls are made as the signed-in user.
 */
export function authClient(auth: ServiceClient) {
  return {
    signup: (body: SignupRequest) => auth.call<Session>({ method: 'POST', path: '/auth/signup', json: body }),
    login: (body: Schemas['LoginRequest'], clientIp: string) => login(auth, body, clientIp),
    refresh: (body: Schemas['RefreshRequest']) =>
      auth.call<Session>({ method: 'POST', path: '/auth/refresh', json: body }),
    logout: (body: Schemas['RefreshRequest']) => auth.call<void>({ method: 'POST', path: '/auth/logout', json: body }),
    getMe: () => auth.call<User>({ path: '/me' }),
    updateMe: (body: Schemas['UpdateMeRequest']) => auth.call<User>({ method: 'PATCH', path: '/me', json: body }),
    deleteMe: () => auth.call<void>({ method: 'DELETE', path: '/me' }),
    listUsers: (query: UserQuery) => auth.call<Schemas['UserPage']>({ path: '/admin/users', searchParams: query }),
    getUser: (id: string) => auth.call<User>({ path: userPath(id) }),
    updateUser: (id: string, body: Schemas['AdminUpdateUserRequest']) =>
      auth.call<User>({ method: 'PATCH', path: userPath(id), json: body }),
    deleteUser: (id: string) => auth.call<void>({ method: 'DELETE', path: userPath(id) }),
    getErasure: (id: string) => auth.call<ErasureProgress>({ path: `${userPath(id)}/erasure` }),
    revocations: (since: number) =>
      auth.call<RevocationPage>({ path: '/internal/revocations', searchParams: { since }, timeoutMs: 1_000 }),
  };
}

export type AuthClient = ReturnType<typeof authClient>;

/** Auth counts failed logins per (email, client IP): the aggregator tells it the client's address. */
export const CLIENT_IP_HEADER = 'x-agora-client-ip';

/** Login keeps the throttle's Retry-After, which a plain call would drop. */
async function login(auth: ServiceClient, body: Schemas['LoginRequest'], clientIp: string): Promise<Session> {
  const response = await auth.send<Session | Schemas['Problem']>({
    method: 'POST',
    path: '/auth/login',
    json: body,
    headers: { [CLIENT_IP_HEADER]: clientIp },
  });
  if (response.status < 400) return response.body as Session;
  const problem = response.body as Schemas['Problem'];
  if (response.status === 429) throw new TooManyRequests(problem.detail, Number(response.headers['retry-after'] ?? 1));
  const code = isErrorCode(problem?.code) ? problem.code : 'internal';
  throw new AppError(code, problem?.detail ?? 'Login failed', { status: response.status, errors: problem?.errors });
}
