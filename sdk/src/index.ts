export { createAgoraClient, type AgoraClient, type AgoraClientOptions, type CheckoutRequest } from './client.js';
export { Session, type Tokens } from './session.js';
export type { paths, components, operations } from './generated/schema.js';
