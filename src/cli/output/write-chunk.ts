import type { Writable } from 'node:stream';

/**
 * Writes text and, when the stream's buffer is full, waits for `drain` before returning, so a slow
 * reader (a pipe, a disk) slows the producer down instead of the output piling up in memory.
 *
 * @throws the stream's error, or an Error when the stream closes before draining.
 */
export async function writeChunk(out: Writable, text: string): Promise<void> {
  if (out.destroyed) throw closedError();
  if (out.write(text)) return;
  // A destroyed stream never emits `drain`, so waiting for it would hang.
  if (out.destroyed) throw closedError();

  await new Promise<void>((resolve, reject) => {
    const cleanup = () => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(closedError());
    };
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

function closedError(): Error {
  return new Error('the output stream closed before all records were written');
}
