/**
 * Reads remembered for the life of the provider process: a vendor's catalogue (MailUp's profiles, their
 * languages and packs; the Partner API's tariff list) is the reseller's set-up, which does not change
 * during one `pulumi` operation, and check runs for every resource of a preview. Concurrent callers share
 * one read; a read that fails is forgotten, so the next caller tries again.
 */
export class RememberedReads<K, V> {
  private readonly reads = new Map<K, Promise<V>>();

  /** The remembered read of `key`, starting `read` when there is none. */
  get(key: K, read: () => Promise<V>): Promise<V> {
    let pending = this.reads.get(key);
    if (pending === undefined) {
      pending = read();
      this.reads.set(key, pending);
      pending.catch(() => {
        if (this.reads.get(key) === pending) this.reads.delete(key);
      });
    }
    return pending;
  }

  /** Forgets everything, as a new provider process would. */
  clear(): void {
    this.reads.clear();
  }
}
