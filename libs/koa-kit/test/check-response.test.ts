import { expect } from 'chai';
import { OpenApiSpec } from '@agora/koa-kit';
import { tinyDocument } from './fixtures/tiny-app.js';

describe('koa-kit: OpenApiSpec.checkResponse for contract tests', () => {
  const spec = new OpenApiSpec(tinyDocument);
  const problem = { type: 't', title: 'Bad Request', status: 400, detail: 'd', code: 'validation_failed' };

  it('accepts a response that matches its declared schema', () => {
    expect(spec.checkResponse('createProduct', 201, { id: 'p1', title: 'Lamp', price: 1999 })).to.deep.equal([]);
    expect(spec.checkResponse('listProducts', 200, { items: [], nextCursor: null })).to.deep.equal([]);
  });

  it('reports a status the operation does not declare', () => {
    expect(spec.checkResponse('createProduct', 409, problem)).to.deep.equal([
      'createProduct: status 409 is not declared',
    ]);
  });

  it('matches a status against its NXX range', () => {
    expect(spec.checkResponse('deleteProduct', 404, { ...problem, status: 404, code: 'not_found' })).to.deep.equal([]);
  });

  it('reports a missing property, a wrong type and an undeclared property', () => {
    const problems = spec.checkResponse('createProduct', 201, { id: 1, price: 'cheap', colour: 'red' });
    expect(problems).to.have.length(4);
    expect(problems.join('\n')).to.include('/title').and.include('/id').and.include('/price').and.include('/colour');
    for (const line of problems) expect(line).to.match(/^createProduct 201: /);
  });

  it('checks nested items through $ref', () => {
    const problems = spec.checkResponse('listProducts', 200, {
      items: [{ id: 'p1', title: 'Lamp', price: 1.5 }],
      nextCursor: null,
    });
    expect(problems).to.deep.equal(['listProducts 200: /items/0/price must be integer']);
  });

  it('reports a body where the spec declares none', () => {
    expect(spec.checkResponse('deleteProduct', 204, undefined)).to.deep.equal([]);
    expect(spec.checkResponse('deleteProduct', 204, { deleted: true })).to.deep.equal([
      'deleteProduct 204: the spec declares no body',
    ]);
  });

  it('refuses an operation id the spec lacks', () => {
    expect(() => spec.checkResponse('noSuchOperation', 200, {})).to.throw('noSuchOperation');
  });

  it('lists every operation with its method and path', () => {
    const ops = spec
      .allOperations()
      .map((op) => `${op.method} ${op.path} ${op.operationId}`)
      .sort();
    expect(ops).to.deep.equal([
      'DELETE /products/{id} deleteProduct',
      'GET /products listProducts',
      'POST /products createProduct',
      'POST /products/{id}/publish publishProduct',
      'POST /uploads upload',
    ]);
  });
});
