// The namespaces area of the fake backend (`namespaces` in the client): a test sets what the
// engine answers for each container and reads back what was asked.
import type { CgroupLimit, Namespaces, RunForm } from '$lib/ipc/client';

function limit(over: Partial<CgroupLimit> & Pick<CgroupLimit, 'kind'>): CgroupLimit {
  return {
    label: over.kind,
    flag: '--' + over.kind,
    set: { value: 'no limit', source: 'docker inspect: HostConfig' },
    setValue: null,
    usage: null,
    files: [],
    kernel: null,
    kernelValue: null,
    problems: [],
    ...over,
  };
}

/** A running `sleep 600` under `-m 64m --pids-limit 50` on cgroup v1, as the engine reads it. */
export function makeNamespaces(over: Partial<Namespaces> = {}): Namespaces {
  return {
    id: 'c1',
    name: 'web',
    running: true,
    words: null,
    pid: {
      inside: [
        { pid: 1, ppid: 0, user: '0', args: 'sleep 600', ours: false },
        { pid: 7, ppid: 0, user: '0', args: 'ps -o pid,ppid,user,args', ours: true },
      ],
      insideSource: 'inside the container: ps -o pid,ppid,user,args',
      host: [{ pid: 30534, ppid: 30513, user: 'root', args: 'sleep 600' }],
      hostSource: 'docker top',
      statePid: { value: '30534', source: 'docker inspect: State.Pid' },
      pairs: [{ insidePid: 1, hostPid: 30534, matchedBy: 'docker inspect: State.Pid' }],
      problems: [],
    },
    uts: {
      configured: { value: '8ec4e483030c', source: 'docker inspect: Config.Hostname' },
      inside: { value: '8ec4e483030c', source: 'inside the container: hostname' },
      host: { value: 'buildhost', source: 'engine info: Name' },
      problems: [],
    },
    network: {
      interfaces: [
        { interface: 'lo', family: 'inet', address: '127.0.0.1/8' },
        { interface: 'eth0', family: 'inet', address: '172.17.0.2/16' },
      ],
      interfacesSource: 'inside the container: ip -o addr',
      mode: { value: 'default', source: 'docker inspect: HostConfig.NetworkMode' },
      links: [
        {
          network: 'bridge',
          driver: 'bridge',
          ipAddress: { value: '172.17.0.2/16', source: 'docker inspect: …IPAddress' },
          gateway: { value: '172.17.0.1', source: 'docker inspect: …Gateway' },
          macAddress: null,
          hostBridge: { value: 'docker0', source: 'docker network inspect bridge' },
        },
      ],
      problems: [],
    },
    mount: {
      driver: { value: 'overlay2', source: 'docker inspect: GraphDriver.Name' },
      lowerDirs: ['/var/lib/docker/overlay2/abc-init/diff', '/var/lib/docker/overlay2/def/diff'],
      upperDir: '/var/lib/docker/overlay2/abc/diff',
      mergedDir: '/var/lib/docker/overlay2/abc/merged',
      workDir: '/var/lib/docker/overlay2/abc/work',
      layersSource: 'docker inspect: GraphDriver.Data',
      root: {
        device: 'overlay',
        target: '/',
        fsType: 'overlay',
        options: ['rw'],
        lowerDirs: ['/var/lib/docker/overlay2/l/A', '/var/lib/docker/overlay2/l/B'],
        upperDir: '/var/lib/docker/overlay2/abc/diff',
        workDir: '/var/lib/docker/overlay2/abc/work',
      },
      rootSource: 'inside the container: cat /proc/mounts',
      mountCount: 14,
      problems: [],
    },
    cgroups: {
      version: { value: '1', source: 'engine info: CgroupVersion' },
      driver: { value: 'cgroupfs', source: 'engine info: CgroupDriver' },
      limits: [
        limit({
          kind: 'memory',
          label: 'Memory',
          flag: '-m, --memory',
          set: { value: '64 MiB', source: 'docker inspect: HostConfig.Memory' },
          setValue: 67108864,
          usage: { value: '1.2 MiB', source: 'docker stats (one sample)' },
          files: [{ path: '/sys/fs/cgroup/memory/memory.limit_in_bytes', raw: '67108864' }],
          kernel: {
            value: '64 MiB',
            source: 'inside the container: cat /sys/fs/cgroup/memory/memory.limit_in_bytes',
          },
          kernelValue: 67108864,
        }),
        limit({
          kind: 'pids',
          label: 'Processes',
          flag: '--pids-limit',
          set: { value: '50', source: 'docker inspect: HostConfig.PidsLimit' },
          setValue: 50,
          files: [{ path: '/sys/fs/cgroup/pids/pids.max', raw: '50' }],
          kernel: { value: '50', source: 'inside the container: cat /sys/fs/cgroup/pids/pids.max' },
          kernelValue: 50,
        }),
      ],
      problems: [],
    },
    commands: ['docker inspect web', 'docker top web'],
    ...over,
  };
}

export class FakeNamespacesArea {
  /** What `namespaces.read` answers, by container id (missing: rejects). */
  answers: Record<string, Namespaces> = {};
  reads: string[] = [];
  tryIts: { name: string; image: string }[] = [];

  api() {
    return {
      read: async (id: string): Promise<Namespaces> => {
        this.reads.push(id);
        const a = this.answers[id];
        if (!a) throw new Error(`no answer for namespaces.read(${id})`);
        return a;
      },
      oomTryIt: async (name: string, image: string): Promise<RunForm> => {
        this.tryIts.push({ name, image });
        return {
          image,
          name,
          command: "sh -c 'x=a; while :; do x=$x$x; done'",
        } as RunForm;
      },
    };
  }
}
