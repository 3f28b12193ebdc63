/**
 * Runs an import's batch writes at most `writers` at a time, so that PostgreSQL
 * works on two batches (two connections, two cores) while Node reads the next.
 * A batch that depends on earlier ones starts only when all of them committed.
 * A deadlock or a unique-key race with a concurrent batch is retried once, alone.
 * The first failure stops the import: it is thrown at the next start or at finish.
 */
const RETRYABLE = new Set(['40P01', '40001', '23505']);

export class BatchWriter {
  private readonly running = new Set<Promise<void>>();
  private failure: unknown = null;

  constructor(private readonly writers = 2) {}

  async start(afterEarlier: boolean, work: () => Promise<void>) {
    this.throwIfFailed();
    if (afterEarlier) await this.drain();
    while (this.running.size >= this.writers) await Promise.race(this.running);
    this.throwIfFailed();
    const others = [...this.running];
    const task = this.attempt(work, others).catch((error: unknown) => { this.failure ??= error; })
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  async finish() {
    await this.drain();
    this.throwIfFailed();
  }

  private async attempt(work: () => Promise<void>, others: Promise<void>[]) {
    try {
      await work();
    } catch (error) {
      if (!RETRYABLE.has(codeOf(error))) throw error;
      await Promise.all(others);
      await work();
    }
  }

  private async drain() {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  private throwIfFailed() {
    if (this.failure !== null) throw this.failure;
  }
}

function codeOf(error: unknown): string {
  const seen = new Set<unknown>();
  let current = error as { code?: unknown; cause?: unknown } | undefined;
  while (current && !seen.has(current)) {
    seen.add(current);
    if (typeof current.code === 'string') return current.code;
    current = current.cause as typeof current;
  }
  return '';
}
