import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

type Node = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];
/** Formats that bound a string by themselves. */
const BOUNDED_FORMATS = new Set(['date-time', 'date', 'uuid']);
/** Keys whose values are examples or extensions, never schemas. */
const NOT_SCHEMAS = /^(example|examples|x-.*)$/;

function typesOf(schema: Node): string[] {
  return Array.isArray(schema.type) ? schema.type : typeof schema.type === 'string' ? [schema.type] : [];
}

/** What is missing from one schema node for it to be bounded; empty when it is. */
export function missingBounds(schema: Node): string[] {
  if ('enum' in schema || 'const' in schema) return [];
  const missing: string[] = [];
  const types = typesOf(schema);
  if (types.includes('string') && schema.maxLength === undefined && !BOUNDED_FORMATS.has(schema.format))
    missing.push('maxLength (or an enum or bounded format)');
  if (types.includes('integer') || types.includes('number')) {
    if (schema.minimum === undefined && schema.exclusiveMinimum === undefined) missing.push('minimum');
    if (schema.maximum === undefined && schema.exclusiveMaximum === undefined) missing.push('maximum');
  }
  if (types.includes('array') && schema.maxItems === undefined) missing.push('maxItems');
  return missing;
}

/** Every string, number, integer and array schema of a document that lacks a bound, as `pointer: missing`. */
export function unboundedFields(document: Node): string[] {
  const found: string[] = [];
  const visit = (node: unknown, pointer: string) => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${pointer}/${i}`));
    if (!node || typeof node !== 'object') return;
    const missing = typesOf(node as Node).length > 0 ? missingBounds(node as Node) : [];
    if (missing.length > 0) found.push(`${pointer}: ${missing.join(', ')}`);
    for (const [key, value] of Object.entries(node))
      if (!NOT_SCHEMAS.test(key)) visit(value, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  visit(document, '#');
  return found;
}

export interface Operation {
  path: string;
  method: string;
  node: Node;
}

export function operationsOf(document: Node): Operation[] {
  return Object.entries<Node>(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      path,
      method,
      node: { ...item[method], parameters: [...(item.parameters ?? []), ...(item[method].parameters ?? [])] },
    })),
  );
}

/** The 4xx statuses an operation must document, from what it takes: a body, parameters, a token, and (public API) the rate limits. */
export function expected4xx(document: Node, operation: Operation, options: { rateLimited: boolean }): string[] {
  const statuses = new Set<string>();
  const security = operation.node.security ?? document.security ?? [];
  const needsToken = security.some((requirement: Node) => Object.keys(requirement).length > 0);
  if (operation.node.requestBody) ['400', '413', '415'].forEach((s) => statuses.add(s));
  if (operation.node.parameters.length > 0) statuses.add('400');
  if (needsToken) statuses.add('401');
  if (options.rateLimited) statuses.add('429');
  return [...statuses];
}

export function loadDocument(file: string): Node {
  return parseYaml(readFileSync(file, 'utf8')) as Node;
}
