// How the engine in use is named to the user: the context's name or the host, with how it is
// reached (local socket, TLS, SSH, or plain TCP). Pure, so the badge and the switcher agree.
import type { EngineStatus, EngineTarget } from '$lib/ipc/client';

export function targetLabel(target: EngineTarget): string {
  if (target.kind === 'context') return target.name;
  if (target.kind === 'host') return target.host;
  return 'configured';
}

/** The name shown in the sidebar: a context's name, else where the engine is. */
export function engineName(status: EngineStatus): string {
  const t = status.target;
  if (t.kind === 'context') return t.name;
  if (t.kind === 'host') return t.host;
  const source = status.endpoint?.source;
  if (source && (source.kind === 'contextEnv' || source.kind === 'currentContext'))
    return source.name;
  return status.endpoint?.host || 'configured engine';
}

/** local / TLS / SSH / plain TCP, from how it connected, else from the host's scheme. */
export function linkMark(status: EngineStatus): string {
  const link = status.link;
  if (link === 'local') return 'local';
  if (link === 'tls') return 'TLS';
  if (link === 'ssh') return 'SSH';
  if (link === 'plainTcp') return 'plain TCP';
  const host = status.endpoint?.host ?? '';
  if (host.startsWith('ssh://')) return 'SSH';
  if (host.startsWith('tcp://')) return status.endpoint?.tls ? 'TLS' : 'plain TCP';
  return host ? 'local' : '';
}
