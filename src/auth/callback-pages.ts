/** HTML pages the loopback callback server shows in the browser. Every dynamic value is escaped. */

const STYLE = 'body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2933}h1{font-size:1.4rem}';

/** Security headers for every callback response: no caching, no referrer carrying the code, no scripts. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
};

export function successPage(): string {
  return page('Signed in to PropertyMe', 'You can close this window and return to the terminal.');
}

export function failurePage(message: string): string {
  return page('Sign-in failed', `${message} Return to the terminal for details.`);
}

export function notFoundPage(): string {
  return page('Not found', 'This address is not part of the sign-in.');
}

function page(title: string, text: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
