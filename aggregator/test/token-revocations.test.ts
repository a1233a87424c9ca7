import { expect } from 'chai';
import { waitFor } from '@agora/test-kit';
import { RevokedUsers, type RevocationFeed } from '../src/domain/revoked-users.js';

/** A feed answering from a list of revocations, recording the `since` of every poll. */
function fakeFeed(now: () => number) {
  const revocations: Array<{ userId: string; revokedAt: number }> = [];
  const polls: number[] = [];
  let down = false;
  const feed: RevocationFeed = async (since) => {
    polls.push(since);
    if (down) throw new Error('auth is down');
    return { items: revocations.filter((r) => r.revokedAt >= since), now: now() };
  };
  return { feed, revocations, polls, setDown: (value: boolean) => (down = value) };
}

describe("revoked users (the aggregator's copy of auth's revocation feed)", () => {
  it('learns revoked users and asks only for what is new, with an overlap', async () => {
    let clock = 100_000;
    const fake = fakeFeed(() => clock);
    const revoked = new RevokedUsers(fake.feed);
    fake.revocations.push({ userId: 'u1', revokedAt: 99_000 });
    await revoked.refresh();
    expect(revoked.has('u1')).to.equal(true);
    expect(revoked.has('u2')).to.equal(false);
    clock = 101_000;
    fake.revocations.push({ userId: 'u2', revokedAt: 100_500 });
    await revoked.refresh();
    expect(revoked.has('u2')).to.equal(true);
    expect(fake.polls).to.deep.equal([0, 95_000]);
  });

  it('keeps what it knows when auth is down, and forgets revocations older than any token', async () => {
    let clock = 1_000_000_000;
    const fake = fakeFeed(() => clock);
    const revoked = new RevokedUsers(fake.feed);
    fake.revocations.push({ userId: 'old', revokedAt: clock - 1000 });
    await revoked.refresh();
    fake.setDown(true);
    await revoked.refresh().catch(() => undefined);
    expect(revoked.has('old')).to.equal(true);
    fake.setDown(false);
    clock += 86_400_000 + 10_000;
    await revoked.refresh();
    expect(revoked.has('old')).to.equal(false);
  });

  it('polls in the background until stopped, surviving failures', async () => {
    const fake = fakeFeed(() => Date.now());
    fake.setDown(true);
    const revoked = new RevokedUsers(fake.feed, 10);
    revoked.start();
    await waitFor(() => fake.polls.length >= 2, { what: 'two polls' });
    fake.setDown(false);
    fake.revocations.push({ userId: 'u3', revokedAt: Date.now() });
    await waitFor(() => revoked.has('u3'), { what: 'the revocation to arrive' });
    await revoked.stop();
    const count = fake.polls.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.polls.length).to.equal(count);
  });
});
