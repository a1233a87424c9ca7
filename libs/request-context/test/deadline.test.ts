import { expect } from 'chai';
import { DeadlinePassed } from '@agora/errors';
import { assertBeforeDeadline, deadlinePassed, runWithContext, type RequestContext } from '@agora/request-context';

const context = (fields: Partial<RequestContext>): RequestContext => ({ requestId: 'r1', propagate: {}, ...fields });

describe('request-context: the deadline of a request', () => {
  it('has not passed outside a request, or in a request without a deadline', () => {
    expect(deadlinePassed()).to.equal(false);
    expect(runWithContext(context({}), () => deadlinePassed())).to.equal(false);
  });

  it('passes once the clock is beyond the deadline plus the skew allowed for a caller', () => {
    const deadline = 1_000_000;
    runWithContext(context({ deadline, deadlineSkewMs: 250 }), () => {
      expect(deadlinePassed(deadline + 250)).to.equal(false);
      expect(deadlinePassed(deadline + 251)).to.equal(true);
    });
    runWithContext(context({ deadline }), () => {
      expect(deadlinePassed(deadline)).to.equal(false);
      expect(deadlinePassed(deadline + 1)).to.equal(true);
    });
  });

  it('assertBeforeDeadline throws 503 DeadlinePassed once it passed, and nothing before', () => {
    runWithContext(context({ deadline: Date.now() + 60_000 }), () => assertBeforeDeadline());
    const error = runWithContext(context({ deadline: Date.now() - 1000, deadlineSkewMs: 250 }), () => {
      try {
        assertBeforeDeadline();
      } catch (err) {
        return err;
      }
      return undefined;
    });
    expect(error).to.be.instanceOf(DeadlinePassed);
    expect(error).to.include({ code: 'service_unavailable', status: 503 });
  });
});
