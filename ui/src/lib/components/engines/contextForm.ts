// The Engines form's endpoint, split the way a person thinks of it (what kind, then the address
// for that kind), and joined back into the `host` the CLI stores.
import type { ContextForm, ContextRow, ContextTls } from '$lib/ipc/contexts';

/** What the form offers: the kinds of endpoint a context can name. */
export type EndpointKind = 'unix' | 'tcp+tls' | 'tcp' | 'ssh';

export interface ContextFields {
  name: string;
  description: string;
  kind: EndpointKind;
  /** unix: the socket path; tcp: host:port; ssh: user@host[:port]. */
  address: string;
  ca: string;
  cert: string;
  key: string;
  skipTlsVerify: boolean;
}

export const emptyFields = (): ContextFields => ({
  name: '',
  description: '',
  kind: 'unix',
  address: '',
  ca: '',
  cert: '',
  key: '',
  skipTlsVerify: false,
});

const PREFIX: Record<EndpointKind, string> = {
  unix: 'unix://',
  'tcp+tls': 'tcp://',
  tcp: 'tcp://',
  ssh: 'ssh://',
};

/** The `host` the CLI stores; an address typed with its scheme is taken as it is. */
export function hostOf(f: ContextFields): string {
  const a = f.address.trim();
  if (a === '' || a.includes('://')) return a;
  return PREFIX[f.kind] + a;
}

/** The form the backend takes. TLS files only for TLS. */
export function formOf(f: ContextFields): ContextForm {
  const tls: ContextTls | null =
    f.kind === 'tcp+tls' && (f.ca || f.cert || f.key)
      ? { ca: f.ca || null, cert: f.cert || null, key: f.key || null }
      : null;
  return {
    name: f.name.trim(),
    description: f.description,
    host: hostOf(f),
    tls,
    skipTlsVerify: f.kind === 'tcp+tls' && f.skipTlsVerify,
  };
}

/** A listed context back into the form, for editing (its TLS files are the store's copies). */
export function fieldsOf(row: ContextRow): ContextFields {
  const scheme = row.host.split('://')[0];
  const kind: EndpointKind =
    scheme === 'ssh'
      ? 'ssh'
      : scheme === 'tcp' || scheme === 'http'
        ? row.tls || row.skipTlsVerify
          ? 'tcp+tls'
          : 'tcp'
        : 'unix';
  const address = row.host.startsWith(PREFIX[kind])
    ? row.host.slice(PREFIX[kind].length)
    : row.host;
  return {
    name: row.name,
    description: row.description,
    kind,
    address,
    ca: row.tlsFiles?.ca ?? '',
    cert: row.tlsFiles?.cert ?? '',
    key: row.tlsFiles?.key ?? '',
    skipTlsVerify: row.skipTlsVerify,
  };
}
