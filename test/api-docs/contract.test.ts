import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { contractClient, contractOf, ContractViolation, httpClient, type TestHttp } from '@agora/test-kit';

const SPEC = 'test/api-docs/fixtures/shop.yaml';

/** The error a request failed with, or null. */
const failureOf = (request: Promise<unknown>) =>
  request.then(
    () => null,
    (e: Error) => e,
  );

/** What the fake server answers, per "METHOD path": status, content type, raw body. */
const answers: Record<string, [number, string, string]> = {
  'GET /api/v1/items/featured': [200, 'application/json', '{"id":"featured","price":100}'],
  'GET /api/v1/items/good': [200, 'application/json; charset=utf-8', '{"id":"good","price":1999}'],
  'GET /api/v1/items/extra-field': [200, 'application/json', '{"id":"x","price":1,"secret":"hash"}'],
  'GET /api/v1/items/negative-price': [200, 'application/json', '{"id":"x","price":-5}'],
  'GET /api/v1/items/gone': [404, 'application/problem+json', '{"code":"not_found"}'],
  'GET /api/v1/items/broken': [500, 'application/problem+json', '{"code":"internal"}'],
  'DELETE /api/v1/items/good': [204, '', ''],
  'GET /page': [200, 'text/html; charset=utf-8', '<!doctype html><title>page</title>'],
  'GET /api/v1/unknown': [200, 'application/json', '{}'],
};

describe('contract checks of responses against an OpenAPI spec', () => {
  let server: http.Server;
  let url: string;
  let client: TestHttp;

  before(async () => {
    server = http.createServer((req, res) => {
      const [status, type, body] = answers[`${req.method} ${req.url}`] ?? [404, 'text/plain', 'no such fixture'];
      res.writeHead(status, type ? { 'content-type': type } : {}).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = contractClient(url, SPEC);
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('lets a response through when its status and body are declared', async () => {
    const res = await client.get('api/v1/items/good');
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.deep.equal({ id: 'good', price: 1999 });
    expect(contractOf(SPEC).exercised.has('getItem')).to.equal(true);
  });

  it('accepts a declared problem response and a declared empty 204', async () => {
    expect((await client.get('api/v1/items/gone')).statusCode).to.equal(404);
    expect((await client.delete('api/v1/items/good')).statusCode).to.equal(204);
  });

  it('fails the request when the body has a field the schema does not declare', async () => {
    const err = await failureOf(client.get('api/v1/items/extra-field'));
    expect(err?.cause).to.be.instanceOf(ContractViolation);
    expect(err).to.have.property('code', 'ERR_CONTRACT_VIOLATION');
    expect(err!.message).to.contain('GET /api/v1/items/extra-field → 200').and.contain('/secret is not allowed');
  });

  it('fails the request when a value breaks the schema', async () => {
    const err = await failureOf(client.get('api/v1/items/negative-price'));
    expect(err?.cause).to.be.instanceOf(ContractViolation);
    expect(err!.message).to.contain('/price must be >= 0');
  });

  it('fails the request when the status is not declared, showing the body', async () => {
    const err = await failureOf(client.get('api/v1/items/broken'));
    expect(err?.cause).to.be.instanceOf(ContractViolation);
    expect(err!.message).to.contain('status 500 is not declared').and.contain('"code":"internal"');
    expect(contractOf(SPEC).violations.at(-1)).to.contain('GET /api/v1/items/broken → 500');
  });

  it('fails the request when no operation of the spec has that method and path', async () => {
    const err = await failureOf(client.get('api/v1/unknown'));
    expect(err?.cause).to.be.instanceOf(ContractViolation);
    expect(err!.message).to.contain('no operation of test/api-docs/fixtures/shop.yaml matches');
  });

  it('matches a literal path before a templated one', async () => {
    const contract = contractOf(SPEC);
    expect(contract.operationFor('GET', '/api/v1/items/featured')?.operationId).to.equal('getFeaturedItem');
    expect(contract.operationFor('GET', '/api/v1/items/42')?.operationId).to.equal('getItem');
    expect(contract.operationFor('GET', '/api/v1/items/42/reviews')).to.equal(undefined);
    expect(contract.operationFor('POST', '/api/v1/items/42')).to.equal(undefined);
  });

  it('checks the media type of a non-JSON response instead of a JSON schema', async () => {
    const res = await client.get('page', { responseType: 'text' });
    expect(res.body).to.contain('<title>page</title>');
    const contract = contractOf(SPEC);
    expect(contract.check('GET', new URL(`${url}/page`), 200, 'text/plain', 'hello')).to.deep.equal([
      'GET /page → 200: getPage 200: the spec declares no text/plain body',
    ]);
  });

  it('skips a request that opts out of the contract on purpose', async () => {
    const res = await client.get('api/v1/items/broken', { context: { contract: false } });
    expect(res.statusCode).to.equal(500);
  });

  it('leaves a plain httpClient of a server with no known spec unchecked', async () => {
    const res = await httpClient(url).get('api/v1/items/extra-field');
    expect(res.statusCode).to.equal(200);
  });
});
