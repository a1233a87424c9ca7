import { expect } from 'chai';
import Koa from 'koa';
import {
  createRouter,
  listen,
  processMetrics,
  requestMetrics,
  type Listening,
  type ProcessMetrics,
} from '@agora/koa-kit';

/** `name{labels} value` lines of one metric family, from the registry's exposition. */
async function samples(metrics: ProcessMetrics, name: string): Promise<string[]> {
  const text = await metrics.registry.getSingleMetricAsString('agora_http_request_duration_seconds');
  return text.split('\n').filter((line) => line.startsWith(`${name}{`));
}

describe('koa-kit: request metrics label by route template, method and status class, with bounded series', () => {
  let metrics: ProcessMetrics;
  let listening: Listening;
  before(async () => {
    metrics = processMetrics();
    const router = createRouter();
    router.get('/things/:id', (ctx) => {
      ctx.body = { id: ctx.params.id };
    });
    router.post('/things/:id/conflicts', (ctx) => ctx.throw(409, 'taken'));
    router.post('/things/:id/crashes', () => {
      throw new Error('boom');
    });
    const app = new Koa();
    app.silent = true;
    app.use(requestMetrics(metrics));
    app.use(router.routes());
    listening = await listen(app, { port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await listening.close();
  });

  it('counts fifty different ids under one route template and never a raw path', async () => {
    for (let i = 0; i < 50; i += 1) expect((await fetch(`${listening.url}/things/thing-${i}`)).status).to.equal(200);
    const counts = await samples(metrics, 'agora_http_request_duration_seconds_count');
    expect(counts.filter((s) => s.includes('route="/things/:id"'))).to.deep.equal([
      'agora_http_request_duration_seconds_count{method="GET",route="/things/:id",status_class="2xx"} 50',
    ]);
    expect(counts.join('\n')).to.not.include('thing-');
  });

  it('puts thrown errors in their status class: 4xx for an HTTP error, 5xx for a crash', async () => {
    expect((await fetch(`${listening.url}/things/1/conflicts`, { method: 'POST' })).status).to.equal(409);
    expect((await fetch(`${listening.url}/things/1/crashes`, { method: 'POST' })).status).to.equal(500);
    const counts = await samples(metrics, 'agora_http_request_duration_seconds_count');
    expect(counts).to.include(
      'agora_http_request_duration_seconds_count{method="POST",route="/things/:id/conflicts",status_class="4xx"} 1',
    );
    expect(counts).to.include(
      'agora_http_request_duration_seconds_count{method="POST",route="/things/:id/crashes",status_class="5xx"} 1',
    );
  });

  it('counts unknown paths as one unmatched route and unknown methods as one method', async () => {
    for (const path of ['/wp-admin', '/.env', '/a/b/c'])
      expect((await fetch(`${listening.url}${path}`)).status).to.equal(404);
    expect((await fetch(`${listening.url}/things/1`, { method: 'PROPFIND' })).status).to.equal(404);
    const counts = await samples(metrics, 'agora_http_request_duration_seconds_count');
    expect(counts).to.include(
      'agora_http_request_duration_seconds_count{method="GET",route="unmatched",status_class="4xx"} 3',
    );
    expect(counts.some((s) => s.includes('method="other"'))).to.equal(true);
    expect(counts.join('\n')).to.not.match(/wp-admin|\.env|PROPFIND/);
  });
});
