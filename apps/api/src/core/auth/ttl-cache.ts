/**
 * A per-instance cache whose entries live a few seconds: long enough to keep a lookup off every request, short
 * enough that a change made on another API instance reaches this one quickly.
 */
export class TtlCache<Value> {
  private readonly entries = new Map<string, { value: Value; at: number }>();

  constructor(private readonly ttlMs: number) {}

  async get(key: string, load: () => Promise<Value>): Promise<Value> {
    const entry = this.entries.get(key);
    if (entry && Date.now() - entry.at < this.ttlMs) return entry.value;
    const value = await load();
    this.entries.set(key, { value, at: Date.now() });
    return value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
