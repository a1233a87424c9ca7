import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { PROPAGATED_HEADERS, currentContext, runWithContext, type RequestContext } from '@agora/request-context';

const contextFor = (requestId: string): RequestContext => ({ requestId, propagate: { 'x-request-id': requestId } });

describe('request-context', () => {
  it('has no context outside a request', () => {
    expect(currentContext()).to.equal(undefined);
  });

  it('keeps the context across awaits, timers and promise chains', async () => {
    const seen = await runWithContext(contextFor('r1'), async () => {
      await sleep(1);
      const fromTimer = await new Promise<string | undefined>((resolve) =>
        setTimeout(() => resolve(currentContext()?.requestId), 1),
      );
      return [currentContext()?.requestId, fromTimer];
    });
    expect(seen).to.deep.equal(['r1', 'r1']);
    expect(currentContext()).to.equal(undefined);
  });

  it('keeps concurrent requests apart', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `r${i}`);
    const seen = await Promise.all(
      ids.map((id, i) =>
        runWithContext(contextFor(id), async () => {
          await sleep(10 - i);
          return currentContext()?.requestId;
        }),
      ),
    );
    expect(seen).to.deep.equal(ids);
  });

  it('lets a nested context shadow the outer one only inside it', () => {
    runWithContext(contextFor('outer'), () => {
      runWithContext(contextFor('inner'), () => expect(currentContext()?.requestId).to.equal('inner'));
      expect(currentContext()?.requestId).to.equal('outer');
    });
  });

  it('propagates the request id, W3C trace context and every B3 header', () => {
    expect([...PROPAGATED_HEADERS]).to.have.members([
      'x-request-id',
      'traceparent',
      'tracestate',
      'b3',
      'x-b3-traceid',
      'x-b3-spanid',
      'x-b3-parentspanid',
      'x-b3-sampled',
      'x-b3-flags',
    ]);
  });
});
