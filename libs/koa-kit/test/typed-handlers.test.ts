import { expect } from 'chai';
import { createRouter, OpenApiSpec, requireRole } from '../src/index.js';

/** The shape openapi-typescript gives `operations`, for one route with a path parameter, a query and a body. */
interface operations {
  renameShelf: {
    parameters: { query?: { dryRun?: boolean }; header?: never; path: { id: string }; cookie?: never };
    requestBody: { content: { 'application/json': { name: string } } };
    responses: {
      200: { headers: Record<string, unknown>; content: { 'application/json': { id: string; name: string } } };
    };
  };
  emptyShelf: {
    parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
    requestBody?: never;
    responses: { 204: { headers: Record<string, unknown>; content?: never } };
  };
}

const spec = new OpenApiSpec<operations>({
  openapi: '3.1.0',
  paths: {
    '/shelves/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      patch: {
        operationId: 'renameShelf',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { 200: { description: 'ok' } },
      },
      delete: { operationId: 'emptyShelf', responses: { 204: { description: 'emptied' } } },
    },
  },
});

// Compiled by `npm run lint` (tsc): each `@ts-expect-error` fails the build once the type it guards goes loose.
function shelfRoutes() {
  const router = createRouter({ prefix: '/shelves', caller: requireRole('seller') });
  router.patch('/:id', spec.validate('renameShelf'), (ctx) => {
    const name: string = ctx.request.body.name;
    const dryRun: boolean | undefined = ctx.state.query.dryRun;
    const sellerId: string = ctx.state.caller.id;
    // @ts-expect-error: the body has no such field
    void ctx.request.body.price;
    // @ts-expect-error: the operation declares no such path parameter
    const shelf: string = ctx.state.params.shelfId;
    ctx.body = { id: ctx.state.params.id, name };
    // @ts-expect-error: not the 200 body
    ctx.body = { id: 1 };
    void [dryRun, sellerId, shelf];
  });
  router.delete('/:id', spec.validate('emptyShelf'), (ctx) => {
    // @ts-expect-error: a 204 has no body
    ctx.body = {};
    ctx.status = 204;
  });
  createRouter().get('/open', spec.validate('emptyShelf'), (ctx) => {
    // @ts-expect-error: without `caller:` the caller may be absent
    void ctx.state.caller.id;
  });
  return router;
}

describe('koa-kit: typed handlers', () => {
  it('builds routers from the typed spec (the types themselves are checked by tsc)', () => {
    expect(shelfRoutes().stack.map((layer) => layer.methods.filter((m) => m !== 'HEAD'))).to.deep.equal([
      [],
      ['PATCH'],
      ['DELETE'],
    ]);
  });

  it('knows only the operations of its spec', () => {
    // @ts-expect-error: the spec has no such operation
    expect(() => spec.validate('burnShelf')).to.throw('The spec has no operation "burnShelf"');
  });
});
