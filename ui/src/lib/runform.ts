// The run form's starting point: every field empty, as `docker run IMAGE` would be.
import type { RunForm } from '$lib/ipc/client';

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
    healthExec: false,
    healthInterval: '',
    healthTimeout: '',
    healthRetries: '',
    healthStartPeriod: '',
  };
}
