import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { inBatches, postJson } from './requests.js';

export interface BenchUser {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
  role: 'buyer' | 'seller';
}

interface Session {
  user: { id: string };
  accessToken: string;
  refreshToken: string;
}

const PASSWORD = 'bench correct horse battery';

/**
 * Signs up on the auth service's own API (the route the aggregator forwards to; argon2
 * hashing included, so this is the slow part of seeding). Straight to auth because on a
 * busy machine a sign-up can outlast the aggregator's 1.5 s internal deadline; a 503 is
 * retried with a new email, since the first attempt may have gone through.
 */
async function signUp(authUrl: string, role: BenchUser['role'], index: number, attemptsLeft = 5): Promise<BenchUser> {
  const email = `bench-${role}-${index}-${randomUUID().slice(0, 8)}@bench.agora`;
  try {
    const body = await postJson<Session>(`${authUrl}/auth/signup`, {
      email,
      password: PASSWORD,
      name: `Bench ${role} ${index}`,
      role,
    });
    return {
      id: body.user.id,
      email,
      password: PASSWORD,
      token: body.accessToken,
      refreshToken: body.refreshToken,
      role,
    };
  } catch (err) {
    if (attemptsLeft <= 1 || !String(err).includes('→ 503')) throw err;
    await sleep(500);
    return signUp(authUrl, role, index, attemptsLeft - 1);
  }
}

export function signUpMany(authUrl: string, role: BenchUser['role'], count: number): Promise<BenchUser[]> {
  return inBatches(count, 4, (index) => signUp(authUrl, role, index));
}

/** New tokens for long runs (access tokens live 15 minutes), through the cheap refresh route rather than another password check. */
export async function refreshSessions(authUrl: string, users: BenchUser[]): Promise<void> {
  await inBatches(users.length, 16, async (index) => {
    const session = await postJson<Session>(`${authUrl}/auth/refresh`, { refreshToken: users[index].refreshToken });
    users[index].token = session.accessToken;
    users[index].refreshToken = session.refreshToken;
  });
}

/** The headers the aggregator sends on internal calls, for preparing data straight on a service. */
export function identityOf(user: BenchUser): Record<string, string> {
  return { 'x-agora-user-id': user.id, 'x-agora-user-role': user.role };
}
