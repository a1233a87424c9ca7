import Koa from 'koa';

/** The ceiling on this machine: a bare Koa app answering a small JSON body, no middleware. Run as its own process, like the services. */
const app = new Koa();
app.use((ctx) => {
  ctx.body = { hello: 'world' };
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
