// A SQLite thread with its own connection to the mirror file. The writer thread runs one entity's
// write at a time, so storing rows runs beside the main thread's downloads and parsing. The
// checkpoint thread copies committed pages from the WAL into the file while the writer goes on.
// NOTE: on two shared cores a full sync of the large sandbox portfolio measures about 1.7 times a
// bare download and JSON.parse of the same lists (bench/sync.ts), against a target of 1.3. The
// SQLite upserts here need about half a second of CPU that the bare download does not.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureConnection } from './sqlite-connection.js';
import { SqliteEntityWrite } from './sqlite-write.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './sqlite-worker-protocol.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
let db: Database.Database | undefined;
let write: SqliteEntityWrite | undefined;

function handle(request: WorkerRequest): unknown {
  if (request.op === 'close') {
    write?.abort();
    write = undefined;
    db?.close();
    db = undefined;
    return null;
  }
  if (db === undefined) {
    db = new Database(setup.path, { timeout: setup.busyTimeoutMs });
    configureConnection(db);
    // The checkpoint thread copies committed pages into the file, so the writer thread only writes.
    db.pragma('wal_autocheckpoint = 0');
  }
  const connection = db;
  if (request.op === 'checkpoint') {
    connection.pragma('wal_checkpoint(PASSIVE)');
    return null;
  }
  if (request.op === 'begin') {
    if (write !== undefined) throw new Error('Another entity write is still open on this connection');
    write = new SqliteEntityWrite(connection, request.entity, { dryRun: request.dryRun });
    return null;
  }
  if (request.op === 'abort') {
    write?.abort();
    write = undefined;
    return null;
  }
  if (write === undefined) throw new Error(`No entity write is open for '${request.op}'`);
  switch (request.op) {
    case 'write':
      write.write(request.batch);
      return null;
    case 'restart':
      write.restart();
      return null;
    case 'live':
      return write.liveIds();
    case 'finish': {
      const result = write.finish(request.end);
      write = undefined;
      return result;
    }
  }
}

port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, ok: true, value: handle(request) };
  } catch (error) {
    // Any failure ends the entity's transaction, so no half-written entity stays open.
    try {
      write?.abort();
    } catch {
      // The connection may be unusable. The error in the reply explains why.
    }
    write = undefined;
    const { name, message, code } = error as { name?: string; message?: string; code?: unknown };
    reply = { id: request.id, ok: false, error: { name: String(name ?? 'Error'), message: String(message ?? error), code: typeof code === 'string' ? code : undefined } };
  }
  port.postMessage(reply);
});
