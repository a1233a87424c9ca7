export { ROLES, isRole, type Role, type Caller } from './caller.js';
export { IDENTITY_HEADERS } from './identity-headers.js';
