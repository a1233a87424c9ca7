/**
 * The aggregator verifies the access token and passes the caller on in these
 * headers; in the mesh only the aggregator may call a service (AuthorizationPolicy),
 * so services trust them. Services still enforce roles and ownership themselves.
 */
export const IDENTITY_HEADERS = { id: 'x-agora-user-id', role: 'x-agora-user-role' } as const;
