// What the UI says about an endpoint's transport. The scheme rule for connecting lives in Rust;
// this only decides whether to warn, from the host string the backend reports.

/** Whether talking to this endpoint goes over the network in the clear: `tcp://` and `http://`
 *  (Tugboat does not speak TLS to engines yet, so every tcp endpoint it uses is plain). */
export function isUnencrypted(host: string | null | undefined): boolean {
  if (!host) return false;
  const scheme = host.trim().toLowerCase().split('://', 1)[0];
  return scheme === 'tcp' || scheme === 'http';
}
