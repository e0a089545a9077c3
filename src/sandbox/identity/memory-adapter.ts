import type { Adapter, AdapterPayload } from 'oidc-provider';

/** One stored identity-server artifact, as the state file saves it. */
export interface StoredArtifact {
  key: string;
  payload: AdapterPayload;
  /** Epoch milliseconds, or null for no expiry. */
  expiresAt: number | null;
}

/**
 * In-memory storage for oidc-provider's artifacts (grants, sessions, codes, tokens), shared by all
 * models through one map keyed by `model:id`. oidc-provider's own development adapter prints a
 * warning on every start; this one is silent and can be saved to and restored from the state file.
 */
export class MemoryArtifactStore {
  readonly #entries = new Map<string, StoredArtifact>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Returns the adapter class that oidc-provider instantiates once per model name. */
  adapterFor(): new (model: string) => Adapter {
    const store = this;
    return class SandboxAdapter implements Adapter {
      readonly #model: string;

      constructor(model: string) {
        this.#model = model;
      }

      async upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void> {
        const expiresAt = expiresIn === undefined ? null : store.#now() + expiresIn * 1000;
        store.#entries.set(`${this.#model}:${id}`, { key: `${this.#model}:${id}`, payload, expiresAt });
      }

      async find(id: string): Promise<AdapterPayload | undefined> {
        return store.#live(`${this.#model}:${id}`)?.payload;
      }

      async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
        return store.#search(this.#model, (payload) => payload.userCode === userCode);
      }

      async findByUid(uid: string): Promise<AdapterPayload | undefined> {
        return store.#search(this.#model, (payload) => payload.uid === uid);
      }

      async consume(id: string): Promise<void> {
        const entry = store.#live(`${this.#model}:${id}`);
        if (entry !== undefined) entry.payload = { ...entry.payload, consumed: Math.floor(store.#now() / 1000) };
      }

      async destroy(id: string): Promise<void> {
        store.#entries.delete(`${this.#model}:${id}`);
      }

      async revokeByGrantId(grantId: string): Promise<void> {
        for (const [key, entry] of store.#entries) {
          if (entry.payload.grantId === grantId) store.#entries.delete(key);
        }
      }
    };
  }

  /** Returns the entries that have not expired, for the state file. */
  export(): StoredArtifact[] {
    return [...this.#entries.keys()].flatMap((key) => {
      const entry = this.#live(key);
      return entry === undefined ? [] : [entry];
    });
  }

  import(entries: readonly StoredArtifact[]): void {
    for (const entry of entries) this.#entries.set(entry.key, { ...entry });
  }

  #live(key: string): StoredArtifact | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #search(model: string, match: (payload: AdapterPayload) => boolean): AdapterPayload | undefined {
    for (const key of this.#entries.keys()) {
      if (!key.startsWith(`${model}:`)) continue;
      const entry = this.#live(key);
      if (entry !== undefined && match(entry.payload)) return entry.payload;
    }
    return undefined;
  }
}
