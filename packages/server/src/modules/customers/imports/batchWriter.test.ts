import { describe, expect, it } from 'vitest';
import { BatchWriter } from './batchWriter.ts';

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('BatchWriter', () => {
  it('runs at most two writes at once', async () => {
    const writer = new BatchWriter(2);
    let running = 0;
    let most = 0;
    for (let i = 0; i < 6; i++) {
      await writer.start(false, async () => {
        running++;
        most = Math.max(most, running);
        await tick();
        running--;
      });
    }
    await writer.finish();
    expect(most).toBe(2);
  });

  it('starts a dependent write only after every earlier one committed', async () => {
    const writer = new BatchWriter(2);
    const done: string[] = [];
    await writer.start(false, async () => { await tick(20); done.push('slow'); });
    await writer.start(true, async () => { done.push('dependent'); });
    await writer.finish();
    expect(done).toEqual(['slow', 'dependent']);
  });

  it('retries a deadlocked write once, after the others', async () => {
    const writer = new BatchWriter(2);
    const done: string[] = [];
    let attempts = 0;
    await writer.start(false, async () => { await tick(20); done.push('other'); });
    await writer.start(false, async () => {
      attempts++;
      if (attempts === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      done.push('retried');
    });
    await writer.finish();
    expect(attempts).toBe(2);
    expect(done).toEqual(['other', 'retried']);
  });

  it('stops at the first failure and reports it', async () => {
    const writer = new BatchWriter(2);
    await writer.start(false, async () => { throw Object.assign(new Error('bad row'), { code: '23502' }); });
    await tick();
    await expect(writer.start(false, async () => undefined)).rejects.toThrow('bad row');
    await expect(writer.finish()).rejects.toThrow('bad row');
  });
});
