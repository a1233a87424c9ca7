import type { Middleware } from 'koa';
import type { Caller } from '@agora/identity';

/**
 * What a handler may know about its request once `spec.validate('op')` let it through, typed
 * from the `operations` interface openapi-typescript generates from the same spec (each
 * process's `src/api/generated/<spec>.ts`, written by `npm run generate:clients`).
 */
type JsonOf<Part> = Part extends { content: { 'application/json': infer Json } } ? Json : never;
type Present<Values> = [Values] extends [never | undefined] ? Record<string, never> : NonNullable<Values>;

/** The JSON body as sent and validated; `undefined` possible when the spec makes it optional. */
export type RequestBodyOf<Op> = Op extends { requestBody: infer Body }
  ? JsonOf<Body>
  : Op extends { requestBody?: infer Body }
    ? JsonOf<Body> | undefined
    : undefined;

/** The path and query values, coerced to their declared types (no defaults are filled in). */
export interface ValidatedState<Op> {
  params: Op extends { parameters: { path?: infer Path } } ? Present<Path> : Record<string, never>;
  query: Op extends { parameters: { query?: infer Query } } ? Present<Query> : Record<string, never>;
}

/** The bodies of the 2xx responses the operation declares, as one union. */
export type ResponseBodyOf<Op> = Op extends { responses: infer Responses }
  ? JsonOf<Responses[Extract<keyof Responses, 200 | 201 | 202 | 203>]>
  : never;

/**
 * What the validation middleware hands on: typed `ctx.state.params` / `ctx.state.query` and
 * `ctx.request.body`, and a `ctx.body` that must be one of the operation's 2xx bodies (never,
 * for an operation that answers 204 only). A plain Koa middleware (not a RouterMiddleware,
 * whose context type is invariant), so a route's handler infers its context from it.
 */
export type ValidatedMiddleware<Op> = Middleware<
  ValidatedState<Op>,
  { request: { body: RequestBodyOf<Op> } },
  ResponseBodyOf<Op>
>;

/** The state of a route behind `requireUser()` / `requireRole(…)`: the caller is there. */
export interface SignedIn {
  caller: Caller;
}
