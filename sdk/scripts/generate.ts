import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PUBLIC_SPEC = path.join(ROOT, 'api-docs/public.yaml');
export const GENERATED_SCHEMA = path.join(ROOT, 'sdk/src/generated/schema.ts');

/** The TypeScript types of public.yaml, as sdk/src/generated/schema.ts holds them. */
export async function generateSchema(): Promise<string> {
  // A field with a default may be omitted from a request body, so defaults do not make fields required.
  const ast = await openapiTS(pathToFileURL(PUBLIC_SPEC), { silent: true, defaultNonNullable: false });
  return `${COMMENT_HEADER}// Regenerate with \`npm run generate:sdk\` after editing api-docs/public.yaml.\n\n${astToString(ast)}`;
}

/** Whether the committed schema.ts is what public.yaml generates now. */
export async function schemaIsCurrent(): Promise<boolean> {
  return readFileSync(GENERATED_SCHEMA, 'utf8') === (await generateSchema());
}

// `generate.ts` writes the schema; `generate.ts --check` only compares, for CI.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--check')) {
    if (!(await schemaIsCurrent())) {
      console.error('sdk/src/generated/schema.ts is stale: run `npm run generate:sdk` and commit it.');
      process.exit(1);
    }
  } else {
    writeFileSync(GENERATED_SCHEMA, await generateSchema());
  }
}
