import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { Ajv2020, type ValidateFunction, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Middleware } from 'koa';
import { ValidationFailed, type FieldError } from '@agora/errors';
import type { ValidatedMiddleware } from './typed-handlers.js';

type JsonObject = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  body?: ValidateFunction;
  bodyRequired: boolean;
  query?: ValidateFunction;
  params?: ValidateFunction;
  /**
   * Response schemas by status, compiled on first use (by contract tests): a running
   * process never checks its own responses, so it does not pay for compiling them.
   */
  responses: Map<string, () => ValidateFunction | null>;
}

export function loadSpec(file: string | URL): JsonObject {
  return parseYaml(readFileSync(file, 'utf8')) as JsonObject;
}

/** `#/components/schemas/X` → `spec#/$defs/X`, so the schemas compile as one JSON Schema document. */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] =
        k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', 'spec#/$defs/') : rewriteRefs(v);
    }
    return out;
  }
  return node;
}

function toFieldErrors(errors: ErrorObject[] | null | undefined, root: string): FieldError[] {
  return (errors ?? []).map((e) => {
    let path = e.instancePath;
    if (e.keyword === 'required') path += `/${(e.params as { missingProperty: string }).missingProperty}`;
    if (e.keyword === 'additionalProperties')
      path += `/${(e.params as { additionalProperty: string }).additionalProperty}`;
    const message = e.keyword === 'additionalProperties' ? 'is not allowed' : (e.message ?? 'is invalid');
    return { path: `${root}${path}` || root, message };
  });
}

/** An operation of a spec without generated types: its values are known to be there, not what they are. */
export interface UntypedOperation {
  parameters: { path: Record<string, unknown>; query: Record<string, unknown> };
  requestBody?: { content: { 'application/json': unknown } };
  responses: Record<200 | 201 | 202 | 203, { content: { 'application/json': unknown } }>;
}

/**
 * An OpenAPI 3.1 document compiled once at start: request validators per
 * operation (body, query, path parameters) and response validators for contract tests.
 * `Operations` is the `operations` interface openapi-typescript generates from the same
 * document; it types what `validate('op')` lets through.
 */
export class OpenApiSpec<Operations = Record<string, UntypedOperation>> {
  readonly document: JsonObject;
  private readonly operations = new Map<string, Operation>();
  private readonly ajv: Ajv2020;

  constructor(document: JsonObject) {
    this.document = document;
    this.ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
    addFormats.default(this.ajv);
    this.ajv.addSchema({ $id: 'spec', $defs: rewriteRefs(document.components?.schemas ?? {}) as JsonObject });
    const coercing = new Ajv2020({ allErrors: true, strict: false, coerceTypes: true });
    addFormats.default(coercing);
    coercing.addSchema({ $id: 'spec', $defs: rewriteRefs(document.components?.schemas ?? {}) as JsonObject });

    for (const [path, item] of Object.entries<JsonObject>(document.paths ?? {})) {
      for (const method of METHODS) {
        const op = item[method] as JsonObject | undefined;
        if (!op?.operationId) continue;
        const parameters: JsonObject[] = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) =>
          this.deref(p),
        );
        const bodySchema = this.deref(op.requestBody ?? {}).content?.['application/json']?.schema;
        const responses = new Map<string, () => ValidateFunction | null>();
        for (const [status, response] of Object.entries<JsonObject>(op.responses ?? {})) {
          const resolved = this.deref(response);
          const content = resolved.content ?? {};
          const schema = (content['application/json'] ?? content['application/problem+json'])?.schema;
          let compiled: ValidateFunction | undefined;
          responses.set(status, () =>
            schema ? (compiled ??= this.ajv.compile(rewriteRefs(schema) as JsonObject)) : null,
          );
        }
        this.operations.set(op.operationId, {
          operationId: op.operationId,
          method: method.toUpperCase(),
          path,
          body: bodySchema ? this.ajv.compile(rewriteRefs(bodySchema) as JsonObject) : undefined,
          bodyRequired: Boolean(this.deref(op.requestBody ?? {}).required),
          query: this.parameterValidator(coercing, parameters, 'query'),
          params: this.parameterValidator(coercing, parameters, 'path'),
          responses,
        });
      }
    }
  }

  static fromFile<Operations = Record<string, UntypedOperation>>(file: string | URL): OpenApiSpec<Operations> {
    return new OpenApiSpec<Operations>(loadSpec(file));
  }

  operation(operationId: string): Operation {
    const op = this.operations.get(operationId);
    if (!op) throw new Error(`The spec has no operation "${operationId}"`);
    return op;
  }

  allOperations(): Operation[] {
    return [...this.operations.values()];
  }

  /**
   * Middleware validating a request against its operation. Query and path values are
   * coerced to the declared types into `ctx.state.query` / `ctx.state.params`; the handler
   * after it sees those and `ctx.request.body` typed as the operation declares them.
   */
  validate<OperationId extends keyof Operations & string>(
    operationId: OperationId,
  ): ValidatedMiddleware<Operations[OperationId]> {
    const op = this.operation(operationId);
    const validated: Middleware = (ctx, next) => {
      const errors: FieldError[] = [];
      if (op.params) {
        // A copy: coercion writes the declared types into it, and the router's params stay strings.
        const params = { ...(ctx.params as Record<string, string>) };
        if (!op.params(params)) errors.push(...toFieldErrors(op.params.errors, '/params'));
        ctx.state.params = params;
      }
      if (op.query) {
        const query: JsonObject = { ...ctx.query };
        if (!op.query(query)) errors.push(...toFieldErrors(op.query.errors, '/query'));
        ctx.state.query = query;
      }
      if (op.body) {
        const request = ctx.request as { body?: unknown };
        const body = request.body;
        // The body parser leaves `{}` when no bytes came (a bare POST carries `content-length: 0`).
        const present =
          body !== undefined &&
          !(
            typeof body === 'object' &&
            body !== null &&
            Object.keys(body).length === 0 &&
            Number(ctx.get('content-length') || 0) === 0
          );
        if (!present && op.bodyRequired) errors.push({ path: '/body', message: 'a JSON body is required' });
        else if (present && !op.body(body)) errors.push(...toFieldErrors(op.body.errors, '/body'));
        // An optional body that was not sent is `undefined` to the handler, as its type says (RequestBodyOf).
        if (!present) request.body = undefined;
      }
      if (errors.length > 0) throw new ValidationFailed('The request is not valid', errors);
      return next();
    };
    return validated;
  }

  /** For contract tests: does this response match what the spec declares? Returns the problems. */
  checkResponse(operationId: string, status: number, body: unknown): string[] {
    const op = this.operation(operationId);
    const key = op.responses.has(String(status))
      ? String(status)
      : op.responses.has(`${String(status)[0]}XX`)
        ? `${String(status)[0]}XX`
        : 'default';
    if (!op.responses.has(key)) return [`${operationId}: status ${status} is not declared`];
    const validate = op.responses.get(key)!();
    if (!validate)
      return body === undefined || body === '' || body === null
        ? []
        : [`${operationId} ${status}: the spec declares no body`];
    return validate(body)
      ? []
      : toFieldErrors(validate.errors, '').map((e) => `${operationId} ${status}: ${e.path} ${e.message}`);
  }

  private deref(node: JsonObject): JsonObject {
    let current = node;
    while (current && typeof current.$ref === 'string' && current.$ref.startsWith('#/')) {
      current = current.$ref
        .slice(2)
        .split('/')
        .reduce<JsonObject>((acc, key) => acc?.[key], this.document);
    }
    return current;
  }

  private parameterValidator(
    ajv: Ajv2020,
    parameters: JsonObject[],
    where: 'query' | 'path',
  ): ValidateFunction | undefined {
    const selected = parameters.filter((p) => p.in === where);
    if (selected.length === 0) return undefined;
    const schema = {
      type: 'object',
      properties: Object.fromEntries(selected.map((p) => [p.name, rewriteRefs(p.schema ?? {})])),
      required: selected.filter((p) => p.required).map((p) => p.name),
    };
    return ajv.compile(schema);
  }
}
