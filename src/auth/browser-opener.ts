import type { ChildProcess } from 'node:child_process';

/** Opens a URL in the user's browser. Rejects when no browser could be started. */
export type BrowserOpener = (url: string) => Promise<void>;

/**
 * Opens the URL with the operating system's default browser through the `open` package. The promise
 * settles once the opener command has started or failed to start, not when the page has loaded.
 */
export const openDefaultBrowser: BrowserOpener = async (url) => {
  const { default: open } = await import('open');
  const child: ChildProcess = await open(url, { wait: false });
  if (child.pid !== undefined) return; // The opener command started.

  // Without a pid the spawn failed and 'error' follows, unless it was emitted before this point.
  await new Promise<void>((_resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the browser opener command did not start')), 1000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
};
