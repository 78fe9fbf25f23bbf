import { describe, expect, it } from 'vitest';
import { emptyFields, fieldsOf, formOf, hostOf, type ContextFields } from './contextForm';
import type { ContextRow } from '$lib/ipc/contexts';

describe('context form', () => {
  it('joins the kind and the address into the host the CLI stores', () => {
    const f = emptyFields();
    f.address = '/var/run/docker.sock';
    expect(hostOf(f)).toBe('unix:///var/run/docker.sock');
    f.kind = 'ssh';
    f.address = 'me@box:2222';
    expect(hostOf(f)).toBe('ssh://me@box:2222');
    f.address = 'tcp://typed:2376';
    expect(hostOf(f)).toBe('tcp://typed:2376');
  });

  it('sends TLS files and skip-verify only for a TLS endpoint', () => {
    const f: ContextFields = {
      ...emptyFields(),
      name: ' box ',
      kind: 'tcp+tls',
      address: 'box:2376',
    };
    f.ca = '/c/ca.pem';
    f.skipTlsVerify = true;
    expect(formOf(f)).toEqual({
      name: 'box',
      description: '',
      host: 'tcp://box:2376',
      tls: { ca: '/c/ca.pem', cert: null, key: null },
      skipTlsVerify: true,
    });
    f.kind = 'tcp';
    expect(formOf(f).tls).toBeNull();
    expect(formOf(f).skipTlsVerify).toBe(false);
  });

  it('reads a listed context back into the fields', () => {
    const row: ContextRow = {
      name: 'prod',
      description: 'attic',
      host: 'tcp://10.0.0.2:2376',
      tls: true,
      tlsFiles: { ca: '/store/ca.pem', cert: null, key: null },
      skipTlsVerify: false,
      current: false,
      inUse: false,
      kind: 'tcp+tls',
      error: null,
    };
    const f = fieldsOf(row);
    expect(f.kind).toBe('tcp+tls');
    expect(f.address).toBe('10.0.0.2:2376');
    expect(f.ca).toBe('/store/ca.pem');
    expect(formOf(f).host).toBe(row.host);
    expect(fieldsOf({ ...row, host: 'ssh://me@box', tls: false, tlsFiles: null }).kind).toBe('ssh');
  });
});
