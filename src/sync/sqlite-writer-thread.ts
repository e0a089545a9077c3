// The main thread's side of the SQLite writer thread: sends it requests in order and passes
// rows to it in batches, holding a response's download back while too many wait to be written.
import { Worker } from 'node:worker_threads';
import type { EntityName } from '../client/entities.js';
import type { Row } from './row.js';
import { addRow, emptyBatch, type RowBatch } from './sqlite-write.js';
import type { WorkerError, WorkerReply, WorkerRequest, WorkerSetup } from './sqlite-worker-protocol.js';
import type { EntityWriter, WriteCounts, WriteEnd } from './target.js';

/** Characters of records sent to the thread in one message. */
const BATCH_CHARS = 512 * 1024;
/** Characters sent but not yet written; above this, `write` returns a promise for the caller to await. */
const HIGH_WATER_CHARS = 8 * 1024 * 1024;

type Request = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

export class WriterThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  #nextId = 1;
  #ended: Error | undefined;

  constructor(setup: WorkerSetup) {
    this.#worker = startWorker(setup);
    this.#worker.on('message', (reply: WorkerReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) this.#worker.unref();
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(threadError(reply.error));
    });
    this.#worker.on('error', (error) => this.#end(error));
    this.#worker.on('exit', (code) => this.#end(new Error(`The SQLite writer thread stopped (exit code ${code})`)));
    // The thread keeps the process alive only while a request waits for it.
    this.#worker.unref();
  }

  request(message: Request): Promise<unknown> {
    if (this.#ended) return Promise.reject(this.#ended);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }

  /** Copies committed pages from the WAL into the database file, without waiting for writers. */
  async checkpoint(): Promise<void> {
    await this.request({ op: 'checkpoint' });
  }

  /**
   * Begins an entity's write. It returns without waiting for the thread, so that the entity's
   * download can start while the thread starts up. A failure to begin surfaces on the next call.
   */
  begin(entity: EntityName, options: { dryRun: boolean }): EntityWriter {
    return new ThreadEntityWriter(this, this.request({ op: 'begin', entity, dryRun: options.dryRun }));
  }

  async close(): Promise<void> {
    if (!this.#ended) await this.request({ op: 'close' }).catch(() => {});
    await this.#worker.terminate();
  }

  #end(error: Error): void {
    this.#ended ??= error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

/** Turns an error from the thread back into an Error with its name and SQLite's `code`. */
function threadError(error: WorkerError): Error {
  return Object.assign(new Error(error.message), { name: error.name, code: error.code });
}

function startWorker(setup: WorkerSetup): Worker {
  if (import.meta.url.endsWith('.ts')) {
    // Running from the TypeScript sources (tests, benchmarks): the thread loads tsx first.
    // tsx is resolved here, because the thread resolves bare names from the working directory.
    const entry = new URL('./sqlite-worker.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const script = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(script, { eval: true, workerData: setup });
  }
  // The thread needs none of the process's loaders or --import modules, which would only slow its start.
  return new Worker(new URL('./sqlite-worker.js', import.meta.url), { workerData: setup, execArgv: [] });
}

/** An entity's write in the thread. Rows are batched, and the first failure is kept and thrown again. */
class ThreadEntityWriter implements EntityWriter {
  readonly #thread: WriterThread;
  #batch: RowBatch = emptyBatch();
  #batchChars = 0;
  #inFlightChars = 0;
  #failure: { error: unknown } | undefined;
  /** Callers waiting for the thread to catch up. */
  #waiting: Array<() => void> = [];
  #ended = false;

  constructor(thread: WriterThread, begun: Promise<unknown>) {
    this.#thread = thread;
    begun.catch((error: unknown) => {
      this.#failure ??= { error };
      this.#wake();
    });
  }

  write(rows: readonly Row[]): Promise<void> | void {
    this.#check();
    for (const row of rows) {
      addRow(this.#batch, row);
      this.#batchChars += row.data.length;
    }
    if (this.#batchChars >= BATCH_CHARS) this.#flush();
    if (this.#inFlightChars <= HIGH_WATER_CHARS) return;
    return new Promise<void>((resolve) => this.#waiting.push(resolve)).then(() => this.#check());
  }

  async restart(): Promise<void> {
    this.#batch = emptyBatch();
    this.#batchChars = 0;
    await this.#call({ op: 'restart' });
  }

  async liveIds(): Promise<string[]> {
    return (await this.#call({ op: 'live' })) as string[];
  }

  async finish(end: WriteEnd): Promise<WriteCounts> {
    const counts = (await this.#call({ op: 'finish', end })) as WriteCounts;
    this.#ended = true;
    return counts;
  }

  async abort(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    this.#batch = emptyBatch();
    await this.#thread.request({ op: 'abort' });
  }

  /** Sends the batch, then `message`; requests run in order, so earlier batches are written first. */
  async #call(message: Request): Promise<unknown> {
    this.#check();
    this.#flush();
    try {
      const value = await this.#thread.request(message);
      this.#check();
      return value;
    } catch (error) {
      // A failed batch ended the transaction, and the thread then refuses this request; report why.
      throw this.#failure ? this.#failure.error : error;
    }
  }

  #flush(): void {
    if (this.#batch.ids.length === 0) return;
    const batch = this.#batch;
    const chars = this.#batchChars;
    this.#batch = emptyBatch();
    this.#batchChars = 0;
    this.#inFlightChars += chars;
    this.#thread.request({ op: 'write', batch }).then(
      () => {
        this.#inFlightChars -= chars;
        if (this.#inFlightChars <= HIGH_WATER_CHARS / 2) this.#wake();
      },
      (error: unknown) => {
        this.#failure ??= { error };
        this.#wake();
      },
    );
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resume of waiting) resume();
  }

  #check(): void {
    if (this.#failure) throw this.#failure.error;
    if (this.#ended) throw new Error('This entity write has ended');
  }
}
