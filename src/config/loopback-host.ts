/**
 * Host names that always reach this machine. `localhost` is included because RFC 8252 section 7.3
 * lists it as a loopback redirect host; the callback server binds it to 127.0.0.1 explicitly.
 */
const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Tells whether a URL host name (as `URL.hostname` returns it) names the loopback interface. */
export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Returns the address to listen on for a loopback host name: `localhost` becomes `127.0.0.1`, so the
 * server never depends on how the resolver orders IPv4 and IPv6, and `[::1]` loses its brackets.
 */
export function loopbackListenAddress(hostname: string): string {
  const lower = hostname.toLowerCase();
  if (lower === 'localhost') return '127.0.0.1';
  if (lower === '[::1]') return '::1';
  return lower;
}
