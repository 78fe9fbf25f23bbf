// Helpers for the run form: an empty form, and the .env-style lines users paste.
import type { EnvRow, RunForm } from '$lib/ipc/client';

export function emptyForm(): RunForm {
  return {
    image: '',
    name: '',
    command: '',
    entrypoint: '',
    interactive: false,
    tty: false,
    autoRemove: false,
    ports: [],
    publishAll: false,
    mounts: [],
    env: [],
    restart: 'no',
    memory: '',
    memoryReservation: '',
    memorySwap: '',
    cpus: '',
    cpuShares: '',
    pidsLimit: '',
    network: '',
    links: [],
    hostname: '',
    user: '',
    workdir: '',
    labels: [],
    healthCmd: '',
    healthInterval: '',
    healthTimeout: '',
    healthRetries: '',
    healthStartPeriod: '',
  };
}

/** Reads `NAME=value` lines (a .env file's format): comments and blank lines are skipped,
 *  `export ` is allowed, and matching quotes around the value are removed. */
export function envLines(text: string): EnvRow[] {
  const rows: EnvRow[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, '');
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const name = eq < 0 ? line : line.slice(0, eq);
    let value = eq < 0 ? '' : line.slice(eq + 1);
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
      value = value.slice(1, -1);
    }
    rows.push({ name: name.trim(), value });
  }
  return rows;
}
