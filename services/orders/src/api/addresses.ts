import { createRouter, requireUser, type OpenApiSpec } from '@agora/koa-kit';
import type { AddressBook } from '../domain/addresses.js';
import type { operations } from './generated/orders.js';

/** `/me/addresses`: the caller's own address book. */
export function addressRoutes(spec: OpenApiSpec<operations>, addresses: AddressBook) {
  const router = createRouter({ prefix: '/me/addresses', caller: requireUser() });
  router.get('/', spec.validate('listAddresses'), async (ctx) => {
    ctx.body = await addresses.list(ctx.state.caller.id, ctx.state.query.limit ?? 20, ctx.state.query.cursor);
  });
  router.post('/', spec.validate('createAddress'), async (ctx) => {
    ctx.status = 201;
    ctx.body = await addresses.add(ctx.state.caller.id, ctx.request.body);
  });
  router.get('/:id', spec.validate('getAddress'), async (ctx) => {
    ctx.body = await addresses.get(ctx.state.caller.id, ctx.state.params.id);
  });
  router.patch('/:id', spec.validate('updateAddress'), async (ctx) => {
    ctx.body = await addresses.change(ctx.state.caller.id, ctx.state.params.id, ctx.request.body);
  });
  router.delete('/:id', spec.validate('deleteAddress'), async (ctx) => {
    await addresses.remove(ctx.state.caller.id, ctx.state.params.id);
    ctx.status = 204;
  });
  return router;
}
