// Stacks (`docker stack deploy/ls/services/rm`): a compose file loaded with swarm's checks,
// deployed as a stream of the compose up's events (the same rows), the stacks on the engine
// with their services, and removal of exactly what the preview listed.
import {
  commands,
  type StackContents,
  type StackDeployRequest,
  type StackRow,
  type StackServiceRow,
  type ComposeLoad,
  type ComposeRequest,
} from './bindings';
import { openStream, unwrap, type StreamHandle } from './core';
import type { UpMessage } from './compose';

export type { StackContents, StackDeployRequest, StackRow, StackServiceRow };

export const stacks = {
  /** The file loaded for `docker stack deploy` as `stack`: swarm's checks in `diagnostics`. */
  load: (compose: ComposeRequest, stack: string): Promise<ComposeLoad> =>
    unwrap(commands.stackLoad(compose, stack)),
  /** The `docker stack deploy -c … <stack>` line; refused while the file has errors. */
  deployCommand: (request: StackDeployRequest): Promise<string> =>
    unwrap(commands.stackDeployCommand(request)),
  /** Starts a deploy: the plan, each network, secret, config and service, then done/failed. */
  deploy: (request: StackDeployRequest, on: (m: UpMessage) => void): Promise<StreamHandle> =>
    openStream((ch) => unwrap(commands.stackDeploy(request, ch)), on),
  list: (): Promise<StackRow[]> => unwrap(commands.stackList()),
  services: (stack: string): Promise<StackServiceRow[]> => unwrap(commands.stackServices(stack)),
  /** What `docker stack rm` would remove, read from the engine. */
  removePreview: (stack: string): Promise<StackContents> =>
    unwrap(commands.stackRemovePreview(stack)),
  /** Removes exactly `preview`'s objects; returns what went. */
  remove: (preview: StackContents): Promise<StackContents> => unwrap(commands.stackRemove(preview)),
};
