// The run form's starting point: every field empty, as `docker run IMAGE` would be.
import type { LimitsForm, RunForm } from '$lib/ipc/client';

// The limits `docker run` and `docker update` share: every one unset.
export function emptyLimits(): LimitsForm {
  return {
    memory: '',
    memoryReservation: '',
    memorySwap: '',
    cpus: '',
    cpuShares: '',
    pidsLimit: '',
  };
}

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
    ...emptyLimits(),
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
    readOnly: false,
    privileged: false,
    init: false,
    capAdd: [],
    capDrop: [],
    addHosts: [],
    dns: [],
    ulimits: [],
    logDriver: '',
    logOpts: [],
    devices: [],
    platform: '',
    pull: '',
    stopSignal: '',
    stopTimeout: '',
    shmSize: '',
    securityOpts: [],
    networkAliases: [],
    ip: '',
    expose: [],
    gpus: '',
  };
}
