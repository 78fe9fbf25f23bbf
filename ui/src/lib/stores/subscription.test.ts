import { describe, expect, it } from 'vitest';
import { Subscription } from './subscription';

describe('a store subscription', () => {
  it('keeps what it opened until closed, then closes it once', async () => {
    const sub = new Subscription();
    let closes = 0;
    await sub.open(async () => () => {
      closes++;
    });
    expect(closes).toBe(0);
    await sub.close();
    await sub.close();
    expect(closes).toBe(1);
  });

  it('closes at once what finishes opening after the view closed', async () => {
    const sub = new Subscription();
    let finish!: () => void;
    let closes = 0;
    const opening = sub.open(
      () =>
        new Promise((resolve) => {
          finish = () =>
            resolve(() => {
              closes++;
            });
        }),
    );
    await sub.close();
    expect(sub.closed).toBe(true);
    finish();
    await opening;
    expect(closes).toBe(1);
  });
});
