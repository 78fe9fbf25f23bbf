// What the UI says about an endpoint's transport. The scheme rule for connecting lives in Rust;
// this only decides whether to warn, from the endpoint the backend reports.
import type { Endpoint } from '$lib/ipc/client';

/** Whether a host's scheme is plain TCP/HTTP (`tcp://`, `http://`); a `tcp://` host may still
 *  be reached over TLS: see `isUnencryptedEndpoint`. */
export function isUnencrypted(host: string | null | undefined): boolean {
  if (!host) return false;
  const scheme = host.trim().toLowerCase().split('://', 1)[0];
  return scheme === 'tcp' || scheme === 'http';
}

/** Whether an endpoint is reached without encryption: plain TCP/HTTP and no TLS files. */
export function isUnencryptedEndpoint(endpoint: Endpoint | null | undefined): boolean {
  if (!endpoint) return false;
  return isUnencrypted(endpoint.host) && !endpoint.tls;
}
