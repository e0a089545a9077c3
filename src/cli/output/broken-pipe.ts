import type { Writable } from 'node:stream';

/**
 * Watches a stream for EPIPE, which a pipe raises when its reader has exited early, as `head` does.
 * Without a listener that error would crash the process with a stack trace. After it the stream is
 * destroyed, `writeChunk` rejects, and the command can stop quietly when `broken` is true.
 */
export function watchBrokenPipe(out: Writable): { readonly broken: boolean; dispose(): void } {
  let broken = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') broken = true;
    else throw error;
  };
  out.on('error', onError);

  return {
    get broken() {
      return broken;
    },
    dispose() {
      out.off('error', onError);
    },
  };
}
