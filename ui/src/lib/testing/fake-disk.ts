// The disk area of the fake backend (`disk` in the client): a test sets what the engine
// answers and reads back what was asked. A call without an answer rejects, naming itself.
import type {
  DiskBreakdown,
  SystemPruneOptions,
  SystemPrunePreview,
  SystemPruneResult,
} from '$lib/ipc/client';

export function makeBreakdown(over: Partial<DiskBreakdown> = {}): DiskBreakdown {
  return {
    totals: {
      images: { total: 2, active: 1, sizeBytes: 5_000_000, reclaimableBytes: 2_000_000 },
      containers: { total: 2, active: 1, sizeBytes: 4000, reclaimableBytes: 3000 },
      volumes: { total: 1, active: 0, sizeBytes: 700, reclaimableBytes: 700 },
      buildCache: { total: 0, active: 0, sizeBytes: 0, reclaimableBytes: 0 },
    },
    images: [
      {
        id: 'sha256:aaa',
        tags: ['web:1'],
        created: 1_700_000_000,
        sizeBytes: 3_000_000,
        sharedBytes: 0,
        uniqueBytes: 3_000_000,
        containers: 1,
      },
      {
        id: 'sha256:bbb',
        tags: [],
        created: 1_700_000_100,
        sizeBytes: 2_000_000,
        sharedBytes: 0,
        uniqueBytes: 2_000_000,
        containers: 0,
      },
    ],
    containers: [
      {
        id: 'c1',
        name: 'web',
        image: 'web:1',
        state: 'running',
        status: 'Up 2 minutes',
        created: 1_700_000_200,
        sizeBytes: 1000,
        localVolumes: 0,
      },
      {
        id: 'c2',
        name: 'old',
        image: 'web:1',
        state: 'exited',
        status: 'Exited (0) 1 hour ago',
        created: 1_700_000_300,
        sizeBytes: 3000,
        localVolumes: 1,
      },
    ],
    volumes: [{ name: 'data', driver: 'local', links: 0, sizeBytes: 700 }],
    buildCache: [],
    ...over,
  };
}

export function makePrunePreview(over: Partial<SystemPrunePreview> = {}): SystemPrunePreview {
  return {
    command: 'docker system prune -f',
    parts: [
      {
        part: 'containers',
        what: 'all stopped containers',
        items: [{ id: 'c2', name: 'old', sizeBytes: 3000, detail: 'exited' }],
        freesBytes: 3000,
        note: null,
      },
      {
        part: 'networks',
        what: 'all networks not used by at least one container',
        items: [{ id: 'n1', name: 'spare', sizeBytes: null, detail: 'no container attached' }],
        freesBytes: 0,
        note: null,
      },
      {
        part: 'images',
        what: 'all dangling images',
        items: [{ id: 'sha256:bbb', name: 'bbb', sizeBytes: 2_000_000, detail: 'dangling' }],
        freesBytes: 2_000_000,
        note: null,
      },
      {
        part: 'buildCache',
        what: 'unused build cache',
        items: [],
        freesBytes: 0,
        note: null,
      },
    ],
    freesBytes: 2_003_000,
    ...over,
  };
}

export class FakeDiskArea {
  /** What `usage` answers; null rejects. */
  breakdown: DiskBreakdown | null = makeBreakdown();
  usageCalls = 0;
  /** Answers a preview question; a test may replace it. */
  answer: (options: SystemPruneOptions) => Promise<SystemPrunePreview> = async (options) =>
    makePrunePreview({
      command: `docker system prune${options.all ? ' -a' : ''}${options.volumes ? ' --volumes' : ''}${options.filters.map((f) => ` --filter ${f}`).join('')} -f`,
    });
  previews: SystemPruneOptions[] = [];
  prunes: { options: SystemPruneOptions; seen: string[] }[] = [];
  /** What `prune` answers; null rejects. */
  result: SystemPruneResult | null = null;

  async usage(): Promise<DiskBreakdown> {
    this.usageCalls++;
    if (!this.breakdown) throw new Error('disk.usage has no answer in this test');
    return this.breakdown;
  }
  prunePreview(options: SystemPruneOptions): Promise<SystemPrunePreview> {
    this.previews.push(options);
    return this.answer(options);
  }
  async prune(options: SystemPruneOptions, seen: string[]): Promise<SystemPruneResult> {
    this.prunes.push({ options, seen });
    if (!this.result) throw new Error('disk.prune has no answer in this test');
    return this.result;
  }
}
