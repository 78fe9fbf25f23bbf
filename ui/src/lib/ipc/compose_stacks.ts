// Compose stacks on the engine (from labels): the projects list, down with its exact preview,
// and start / stop / restart / scale of a service or a whole stack.
import {
  commands,
  type ComposeProject,
  type DownOptions,
  type DownOutcome,
  type DownPlan,
  type ServiceAction,
  type StackActionOutcome,
} from './bindings';
import { unwrap } from './core';

export const composeStacks = {
  projects: (): Promise<ComposeProject[]> => unwrap(commands.composeProjects()),
  downPreview: (project: string, options: DownOptions): Promise<DownPlan> =>
    unwrap(commands.composeDownPreview(project, options)),
  down: (plan: DownPlan): Promise<DownOutcome> => unwrap(commands.composeDown(plan)),
  action: (
    project: string,
    service: string | null,
    action: ServiceAction,
  ): Promise<StackActionOutcome> => unwrap(commands.composeServiceAction(project, service, action)),
};
