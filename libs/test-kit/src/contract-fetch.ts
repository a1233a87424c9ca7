import { ContractViolation, contractOf } from './contract.js';

/**
 * A `fetch` (e.g. for the SDK's `new Agora({ fetch })`) whose every response must match
 * `specFile`: a response off the contract rejects with a ContractViolation, as contractClient does.
 */
export function contractFetch(
  specFile: string,
  send: (request: Request) => Promise<Response> = (request) => fetch(request),
) {
  const contract = contractOf(specFile);
  return async (request: Request): Promise<Response> => {
    const response = await send(request);
    const text = await response.clone().text();
    const problems = contract.check(
      request.method,
      new URL(request.url),
      response.status,
      response.headers.get('content-type') ?? undefined,
      text,
    );
    if (problems.length > 0)
      throw new ContractViolation(`The response breaks ${specFile}:\n  ${problems.join('\n  ')}`);
    return response;
  };
}
