import type { Role } from '@agora/identity';

/** A user as the rest of the service sees it: never the password hash. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}
