import type { UserRecord } from '../domain/user.js';
import type { Session } from '../domain/sessions.js';

/** The `user` of the API: an explicit allow-list of fields, so no secret can slip into a response. */
export function userView(user: UserRecord) {
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt.toISOString() };
}

export function sessionView(session: Session) {
  return { ...session, user: userView(session.user) };
}
