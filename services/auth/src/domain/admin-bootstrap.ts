import type { Logger } from '@agora/logger';
import type { UserRepository } from '../data-access/user-repository.js';
import { normalizeEmail, type Accounts } from './accounts.js';

/**
 * Creates the first admin from AGORA_ADMIN_EMAIL / AGORA_ADMIN_PASSWORD; idempotent.
 * An existing account with that email is left as it is (never promoted): someone
 * could have signed up with the address before the operator set it.
 */
export async function bootstrapAdmin(
  options: { email?: string; password?: string },
  deps: { users: UserRepository; accounts: Accounts; log: Logger },
): Promise<void> {
  if (!options.email || !options.password) return;
  const existing = await deps.users.findByEmail(normalizeEmail(options.email));
  if (existing) {
    if (existing.role !== 'admin')
      deps.log.warn(
        { event: 'admin_bootstrap_skipped', user_id: existing.id },
        'the admin email belongs to a non-admin account',
      );
    return;
  }
  try {
    const admin = await deps.accounts.createAdmin({
      email: options.email,
      password: options.password,
      name: 'Administrator',
    });
    deps.log.info({ event: 'admin_created', user_id: admin.id }, 'admin account created');
  } catch (err) {
    // Another replica created it at the same moment.
    if ((err as { code?: string }).code !== 'email_taken') throw err;
  }
}
