import KoaRouter from '@koa/router';

/** `/healthz`: the process lives. `/readyz`: its own database answers (never another service). */
export function healthRoutes(isReady: () => Promise<boolean>): KoaRouter {
  const router = new KoaRouter();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const ready = await isReady().catch(() => false);
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'unavailable' };
  });
  return router;
}
