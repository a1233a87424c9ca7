// Request samples for every operation of the public document, in curl and in SDK form, as
// Redoc's x-codeSamples. Written from the spec (paths, parameters, body examples) and the SDK's
// operation table, so a new operation gets its samples and a renamed SDK method shows at once.
import { OPERATIONS, type SdkOperationId } from '../../sdk/src/operations.js';

type Json = Record<string, any>;
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

const SAMPLE_ID = '3f0c6a1e-2a5b-4d1e-9c1e-2f3b4a5c6d7e';
const SIGN_IN = "await agora.auth.login({ email: 'ada@example.com', password: 'correct horse battery' });";

/** Arguments of SDK methods whose signature is not (path parameters…, body or query). */
const SDK_ARGUMENTS: Partial<Record<SdkOperationId, (body: Json | undefined) => string[]>> = {
  setCartItem: (body) => [quote(SAMPLE_ID), String(body?.quantity ?? 1)],
  refreshSession: () => [],
  logout: () => [],
};

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** A JSON value as a TypeScript literal in the repository's style: bare keys, single quotes, short ones on one line. */
function literal(value: unknown, indent = ''): string {
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = indent + '  ';
  const parts = Array.isArray(value)
    ? value.map((item) => literal(item, inner))
    : Object.entries(value).map(
        ([key, item]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key)}: ${literal(item, inner)}`,
      );
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{ ', ' }'];
  const oneLine = parts.length === 0 ? (Array.isArray(value) ? '[]' : '{}') : `${open}${parts.join(', ')}${close}`;
  if (oneLine.length + indent.length <= 72 && !oneLine.includes('\n')) return oneLine;
  return `${open.trim()}\n${parts.map((part) => `${inner}${part}`).join(',\n')},\n${indent}${close.trim()}`;
}

function resolve(document: Json, node: Json | undefined): Json | undefined {
  if (!node || typeof node.$ref !== 'string') return node;
  return resolve(
    document,
    node.$ref
      .slice(2)
      .split('/')
      .reduce((at: Json, key: string) => at?.[key], document),
  );
}

/** A body for the sample: the operation's first example, else one made from the required properties. */
function sampleBody(document: Json, operation: Json): Json | undefined {
  const media = resolve(document, operation.requestBody)?.content?.['application/json'];
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const first = Object.values<Json>(media.examples ?? {})[0];
  if (first) return first.value;
  const schema = resolve(document, media.schema) ?? {};
  return Object.fromEntries(
    (schema.required ?? []).map((name: string) => [name, name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()]),
  );
}

/** Query parameters worth showing: each enum's first value (sort, status); never limit or cursor. */
function sampleQuery(document: Json, operation: Json): Json {
  const query: Json = {};
  for (const parameter of (operation.parameters ?? []).map((p: Json) => resolve(document, p))) {
    if (parameter?.in === 'query' && parameter.schema?.enum) query[parameter.name] = parameter.schema.enum[0];
  }
  return query;
}

/** What the SDK call answers, named after its schema: `order`, `cart`, `session`; lists name their items. */
function resultName(document: Json, operation: Json): string | undefined {
  const success = operation.responses?.['200'] ?? operation.responses?.['201'];
  const ref: string | undefined = resolve(document, success)?.content?.['application/json']?.schema?.$ref;
  return ref && camel(ref.split('/').pop()!.replace(/List$/, ''));
}

function curlSample(
  baseUrl: string,
  method: string,
  route: string,
  operation: Json,
  body: Json | undefined,
  query: Json,
): string {
  const path = route.replace(/\{\w+\}/g, SAMPLE_ID);
  const search = new URLSearchParams(query).toString();
  const verb = method === 'get' ? '' : `-X ${method.toUpperCase()} `;
  const lines = [`curl ${verb}'${baseUrl}${path}${search ? `?${search}` : ''}'`];
  if (!Array.isArray(operation.security) || operation.security.length > 0)
    lines.push(`-H "Authorization: Bearer $ACCESS_TOKEN"`);
  if ((operation.parameters ?? []).some((p: Json) => String(p.$ref ?? p.name).endsWith('IdempotencyKey')))
    lines.push(`-H "Idempotency-Key: $(node -e 'console.log(crypto.randomUUID())')"`);
  if (body !== undefined)
    lines.push(`-H 'Content-Type: application/json'`, `-d '${JSON.stringify(body).replace(/'/g, "'\\''")}'`);
  return lines.join(' \\\n  ');
}

function sdkSample(
  document: Json,
  baseUrl: string,
  method: string,
  route: string,
  operation: Json,
  body: Json | undefined,
  query: Json,
): string {
  const id = operation.operationId as SdkOperationId;
  const entry = OPERATIONS[id];
  const lines = [`import { Agora } from '@agora/sdk';`, '', `const agora = new Agora({ baseUrl: '${baseUrl}' });`];
  if (!Array.isArray(operation.security) || operation.security.length > 0) lines.push(SIGN_IN);
  const name = resultName(document, operation);
  if (!entry) {
    // Outside /api/v1 (this document, its page, the keys): the SDK's generic call.
    lines.push(`const ${name ?? 'answer'} = await agora.request('${method.toUpperCase()} ${route}');`);
    return lines.join('\n');
  }
  const pathArguments = [...route.matchAll(/\{(\w+)\}/g)].map(() => quote(SAMPLE_ID));
  const args = SDK_ARGUMENTS[id]?.(body) ?? [
    ...pathArguments,
    ...(body !== undefined ? [literal(body)] : Object.keys(query).length > 0 ? [literal(query)] : []),
  ];
  const call = `agora.${entry.sdk}(${args.join(', ')})`;
  if (entry.sdk.endsWith('.list') && id !== 'listCategories')
    lines.push(`for await (const ${name} of ${call}) {\n  console.log(${name});\n}`);
  else if (id === 'listCategories') lines.push(`const categories = await ${call};`);
  else lines.push(name ? `const ${name} = await ${call};` : `await ${call};`);
  return lines.join('\n');
}

/** The document with curl and SDK samples on every operation (the input is left as it was). */
export function withCodeSamples(document: Json): Json {
  const copy: Json = structuredClone(document);
  const baseUrl: string = copy.servers?.[0]?.url ?? 'http://localhost:8080';
  for (const [route, item] of Object.entries<Json>(copy.paths)) {
    for (const [method, operation] of Object.entries<Json>(item)) {
      if (!operation?.operationId) continue;
      const body = sampleBody(copy, operation);
      const query = sampleQuery(copy, operation);
      operation['x-codeSamples'] = [
        { lang: 'Shell', label: 'curl', source: curlSample(baseUrl, method, route, operation, body, query) },
        { lang: 'TypeScript', label: 'SDK', source: sdkSample(copy, baseUrl, method, route, operation, body, query) },
      ] satisfies CodeSample[];
    }
  }
  return copy;
}
