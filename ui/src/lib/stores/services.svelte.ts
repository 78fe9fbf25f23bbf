// The Services tab's state: the services on the swarm (read whole, and again when the engine
// says services, tasks' containers or nodes changed), the filter, the open service, and the
// last actions with their `docker service …` lines. A service's tasks are a store of their own
// (`TasksStore`): the detail pane opens one for the service it shows, with or without history.
import type { ServiceRow, TaskRow } from '$lib/components/swarm/services/api';
import { services } from '$lib/ipc/client';
import type { FooterResult } from '$lib/components/shared/ActionFooter.svelte';
import type { ResourceKind } from '$lib/ipc/client';
import { Refetched } from './refetched.svelte';

const byName = new Intl.Collator().compare;

/** What a service list is made of: services, and tasks (whose containers' events say a task
 *  moved on) on nodes. Swarm has no task events of its own in the engine's event stream. */
export const SERVICE_KINDS: ResourceKind[] = ['service', 'container', 'node'];

export interface ServicesFeed {
  list(): Promise<ServiceRow[]>;
  tasks(serviceId: string | null, history: boolean): Promise<TaskRow[]>;
}

export class ServicesStore {
  readonly list: Refetched<ServiceRow[]>;
  filter = $state('');
  /** The service whose details show, by id. */
  selected = $state<string | null>(null);
  selection = $state<Record<string, boolean>>({});
  /** The last actions and how they went, newest first. */
  results = $state<FooterResult[]>([]);

  constructor(feed: Pick<ServicesFeed, 'list'> = services) {
    this.list = new Refetched(() => feed.list(), SERVICE_KINDS);
  }

  get items(): ServiceRow[] {
    return this.list.value ?? [];
  }

  /** Rows the filter lets through (name, image, stack or id), by name. */
  readonly visible = $derived.by(() => {
    const q = this.filter.trim().toLowerCase();
    return this.items
      .filter(
        (s) =>
          !q ||
          s.name.toLowerCase().includes(q) ||
          s.image.toLowerCase().includes(q) ||
          (s.stack ?? '').toLowerCase().includes(q) ||
          s.id.startsWith(q),
      )
      .sort((a, b) => byName(a.name, b.name));
  });

  readonly selectedIds = $derived(this.items.filter((s) => this.selection[s.id]).map((s) => s.id));

  /** The open service, while the engine still has it. */
  get current(): ServiceRow | null {
    return this.items.find((s) => s.id === this.selected) ?? null;
  }

  byId(id: string): ServiceRow | undefined {
    return this.items.find((s) => s.id === id);
  }

  record(r: FooterResult) {
    this.results = [r, ...this.results].slice(0, 20);
  }

  start(): Promise<void> {
    return this.list.start();
  }

  stop(): Promise<void> {
    return this.list.stop();
  }

  refresh(): Promise<void> {
    return this.list.refresh();
  }
}

/** One service's tasks (`docker service ps`), read again on the same notices as the list. */
export class TasksStore {
  readonly list: Refetched<TaskRow[]>;
  /** Also the tasks that ended (replaced, failed, scaled away): `docker service ps` shows them;
   *  `--filter desired-state=running` would not. */
  history = $state(false);

  constructor(
    readonly serviceId: string,
    feed: Pick<ServicesFeed, 'tasks'> = services,
  ) {
    this.list = new Refetched(() => feed.tasks(this.serviceId, this.history), SERVICE_KINDS);
  }

  get tasks(): TaskRow[] {
    return this.list.value ?? [];
  }

  /** Shows or hides the ended tasks, and reads the list again. */
  setHistory(on: boolean): Promise<void> {
    this.history = on;
    return this.list.refresh();
  }

  start(): Promise<void> {
    return this.list.start();
  }

  stop(): Promise<void> {
    return this.list.stop();
  }
}
