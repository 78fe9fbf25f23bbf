// The compose stacks part of the fake backend (`composeStacks` in the client): the projects the
// engine holds, down previews built from them like the backend's, and every down and service
// action recorded. A test may replace any call.
import type {
  Client,
  ComposeProject,
  DownOptions,
  DownPlan,
  ServiceAction,
  StackContainer,
  StackService,
} from '$lib/ipc/client';

export function makeReplica(over: Partial<StackContainer> = {}): StackContainer {
  return {
    id: 'c1',
    name: 'shop-web-1',
    number: 1,
    image: 'nginx:1',
    state: 'running',
    status: 'Up 2 minutes',
    health: null,
    ports: [],
    ...over,
  };
}

export function makeService(over: Partial<StackService> = {}): StackService {
  return { name: 'web', dependsOn: [], containers: [makeReplica()], ...over };
}

export function makeProject(over: Partial<ComposeProject> = {}): ComposeProject {
  return {
    name: 'shop',
    workingDir: '/home/me/shop',
    configFiles: ['/home/me/shop/compose.yaml'],
    environmentFile: null,
    services: [makeService()],
    networks: [{ id: 'n1', name: 'shop_default', key: 'default' }],
    volumes: [{ id: 'shop_data', name: 'shop_data', key: 'data' }],
    running: 1,
    total: 1,
    oneOff: 0,
    ...over,
  };
}

export function downCommand(project: string, o: DownOptions): string {
  return [
    `docker compose -p ${project} down`,
    o.volumes ? ' -v' : '',
    o.images === 'none' ? '' : ` --rmi ${o.images}`,
  ].join('');
}

export class FakeComposeStacksArea {
  projects: ComposeProject[] = [];
  projectCalls = 0;
  previews: { project: string; options: DownOptions }[] = [];
  downs: DownPlan[] = [];
  actions: { project: string; service: string | null; action: ServiceAction }[] = [];
  /** What an action answers with; the default succeeds on every replica named. */
  actionError: string | null = null;

  plan(project: string, options: DownOptions): DownPlan {
    const p = this.projects.find((x) => x.name === project);
    const containers = (p?.services ?? []).flatMap((s) =>
      s.containers.map((c) => ({ id: c.id, name: c.name, service: s.name, state: c.state })),
    );
    return {
      project,
      options,
      containers,
      networks: (p?.networks ?? []).map((n) => ({ id: n.id, name: n.name, note: null })),
      volumes: options.volumes
        ? (p?.volumes ?? []).map((v) => ({ id: v.id, name: v.name, note: null }))
        : [],
      images:
        options.images === 'all'
          ? [...new Set((p?.services ?? []).flatMap((s) => s.containers.map((c) => c.image)))].map(
              (reference) => ({ reference, services: [], why: 'used by the project' }),
            )
          : [],
      command: downCommand(project, options),
    };
  }

  area(): Client['composeStacks'] {
    return {
      projects: async () => {
        this.projectCalls++;
        return this.projects;
      },
      downPreview: async (project, options) => {
        this.previews.push({ project, options });
        return this.plan(project, options);
      },
      down: async (plan) => {
        this.downs.push(plan);
        return {
          command: plan.command,
          steps: plan.containers.map((c) => ({
            object: 'container' as const,
            name: c.name,
            done: 'removed',
            error: null,
          })),
        };
      },
      action: async (project, service, action) => {
        this.actions.push({ project, service, action });
        if (this.actionError) throw new Error(this.actionError);
        const verb =
          action.kind === 'scale'
            ? `up -d --no-deps --no-recreate --scale ${service}=${action.replicas} ${service}`
            : `${action.kind}${service ? ` ${service}` : ''}`;
        return { command: `docker compose -p ${project} ${verb}`, steps: [] };
      },
    };
  }
}
