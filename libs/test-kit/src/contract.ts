import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AfterResponseHook, Response } from 'got';
import { OpenApiSpec, type Operation } from '@agora/koa-kit';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * A response that the spec does not allow; thrown by the contract hook so the test that made it
 * fails. got rejects with a RequestError carrying this as `cause` and its `code`.
 */
export class ContractViolation extends Error {
  override name = 'ContractViolation';
  readonly code = 'ERR_CONTRACT_VIOLATION';
}

interface Route {
  operation: Operation;
  pattern: RegExp;
  /** Literal routes win over templated ones: `/me/addresses` before `/me/{id}`. */
  templated: number;
}

function routeOf(operation: Operation): Route {
  const source = operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
  return { operation, pattern: new RegExp(`^${source}$`), templated: (operation.path.match(/\{/g) ?? []).length };
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function excerpt(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text && text.length > 300 ? `${text.slice(0, 300)}…` : (text ?? '');
}

/**
 * One OpenAPI document as a judge of real responses: finds the operation a response
 * answered (method + path template, exactly as the spec writes paths) and checks its
 * status, media type and body. Keeps the operations exercised, and every violation found
 * (for a test that swallows request errors, e.g. with Promise.allSettled, to assert on).
 */
export class ContractSpec {
  readonly violations: string[] = [];
  readonly exercised = new Set<string>();
  private readonly spec: OpenApiSpec;
  private readonly routes: Route[];

  constructor(readonly file: string) {
    this.spec = OpenApiSpec.fromFile(path.resolve(ROOT, file));
    this.routes = this.spec
      .allOperations()
      .map(routeOf)
      .sort((a, b) => a.templated - b.templated);
  }

  operationFor(method: string, pathname: string): Operation | undefined {
    return this.routes.find((r) => r.operation.method === method.toUpperCase() && r.pattern.test(pathname))?.operation;
  }

  /** The problems with one response; records them and the operation. */
  check(method: string, url: URL, status: number, contentType: string | undefined, body: unknown): string[] {
    const where = `${method.toUpperCase()} ${url.pathname} → ${status}`;
    const operation = this.operationFor(method, url.pathname);
    if (!operation) return this.record([`${where}: no operation of ${this.file} matches this method and path`]);
    this.exercised.add(operation.operationId);
    const type = mediaType(contentType);
    const problems =
      type === '' || type.endsWith('json')
        ? this.spec.checkResponse(operation.operationId, status, parseJson(body))
        : this.checkMediaType(operation, status, type);
    return this.record(
      problems.map((p) => `${where}: ${p}${/not declared/.test(p) ? ` (body: ${excerpt(body)})` : ''}`),
    );
  }

  private checkMediaType(operation: Operation, status: number, type: string): string[] {
    const responses = this.spec.document.paths[operation.path][operation.method.toLowerCase()].responses ?? {};
    const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    if (!declared) return [`${operation.operationId}: status ${status} is not declared`];
    const content = this.deref(declared).content ?? {};
    return Object.keys(content).some((t) => mediaType(t) === type)
      ? []
      : [`${operation.operationId} ${status}: the spec declares no ${type} body`];
  }

  private deref(node: Record<string, any>): Record<string, any> {
    if (typeof node.$ref !== 'string') return node;
    return node.$ref
      .slice(2)
      .split('/')
      .reduce<Record<string, any>>((acc, key) => acc?.[key], this.spec.document);
  }

  private record(problems: string[]): string[] {
    this.violations.push(...problems);
    return problems;
  }
}

function parseJson(body: unknown): unknown {
  if (typeof body !== 'string' || body === '') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

const loaded = new Map<string, ContractSpec>();

/** The contract of a spec file (a path from the repository root, e.g. `api-docs/orders.yaml`), loaded once per process. */
export function contractOf(file: string): ContractSpec {
  let contract = loaded.get(file);
  if (!contract) loaded.set(file, (contract = new ContractSpec(file)));
  return contract;
}

/**
 * A got `afterResponse` hook that fails the request, and so the test awaiting it, when the
 * response breaks the contract. A request made on purpose outside the contract (an unknown
 * route, a malformed body the spec need not describe) opts out with `{context: {contract: false}}`.
 */
export function contractHook(contracts: ContractSpec | ContractSpec[]): AfterResponseHook {
  const all = Array.isArray(contracts) ? contracts : [contracts];
  return (response: Response) => {
    if (response.request.options.context?.contract === false) return response;
    const method = response.request.options.method;
    // A server may serve several documents (the aggregator: public.yaml, and operators.yaml for /healthz and /readyz).
    const contract = all.find((c) => c.operationFor(method, new URL(response.url).pathname)) ?? all[0]!;
    const problems = contract.check(
      method,
      new URL(response.url),
      response.statusCode,
      response.headers['content-type'],
      response.body,
    );
    if (problems.length > 0) {
      throw new ContractViolation(
        `The response breaks ${contract.file}:\n  ${problems.join('\n  ')}\n` +
          'Fix the response or the spec; a request off the contract on purpose passes {context: {contract: false}}.',
      );
    }
    return response;
  };
}

const servedContracts = new Map<string, string[]>();

/** Declares that the server at `url` serves these spec files (startSystem does this for the aggregator: public.yaml and operators.yaml). */
export function serveContract(url: string, files: string[]): void {
  servedContracts.set(new URL(url).origin, files);
}

export function forgetContract(url: string): void {
  servedContracts.delete(new URL(url).origin);
}

/** The spec files the server at `url` is known to serve, if any. */
export function servedContract(url: string): string[] | undefined {
  return servedContracts.get(new URL(url).origin);
}
