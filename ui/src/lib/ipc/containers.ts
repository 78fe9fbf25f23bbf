// Containers: the list, inspect, lifecycle actions with the docker command each equals, the
// live figures, `docker wait`, published ports and `docker export`.
import { Channel } from '@tauri-apps/api/core';
import {
  commands,
  events,
  type ActionOutcome,
  type ActionPreview,
  type ContainerAction,
  type ContainerDetails,
  type ContainerRow,
  type ContainerState,
  type Delta,
  type ExportMessage,
  type ExportOutcome,
  type RemovalItem,
  type Snapshot,
  type StatsMessage,
  type WaitMessage,
} from './bindings';
import {
  cancelStream,
  streamHandle,
  TugboatError,
  unwrap,
  type StreamHandle,
  type Unlisten,
} from './core';

export const containers = {
  /** `docker ps -a` as the backend keeps it, with the version of the last delta it holds. */
  list: (): Promise<Snapshot<ContainerRow>> => unwrap(commands.containerList()),
  /** Every change to the kept list, in version order. */
  onChanged: (cb: (d: Delta<ContainerRow>) => void): Promise<Unlisten> =>
    events.containersChanged.listen((e) => cb(e.payload)),
  inspect: (id: string): Promise<ContainerDetails> => unwrap(commands.containerInspect(id)),
  /** The docker CLI line an action equals for each of `targets` (names), and what is wrong
   *  with its arguments (name, signal, timeout), or null: one call for the whole set. */
  actionPreview: (action: ContainerAction, targets: string[]): Promise<ActionPreview> =>
    commands.containerActionPreview(action, targets),
  removalPreview: (ids: string[]): Promise<RemovalItem[]> =>
    unwrap(commands.containerRemovalPreview(ids)),
  /** Runs one action; `seen` is the state the user saw, used to explain a refusal. */
  act(id: string, action: ContainerAction, seen: ContainerState | null): Promise<ActionOutcome> {
    switch (action.kind) {
      case 'start':
        return unwrap(commands.containerStart(id, seen));
      case 'stop':
        return unwrap(commands.containerStop(id, action.timeoutSecs, seen));
      case 'restart':
        return unwrap(commands.containerRestart(id, action.timeoutSecs, seen));
      case 'kill':
        return unwrap(commands.containerKill(id, action.signal, seen));
      case 'pause':
        return unwrap(commands.containerPause(id, seen));
      case 'unpause':
        return unwrap(commands.containerUnpause(id, seen));
      case 'remove':
        return unwrap(commands.containerRemove(id, action.force, action.volumes, seen));
      case 'rename':
        return unwrap(commands.containerRename(id, action.newName, seen));
      case 'wait':
        return new Promise((resolve, reject) => {
          containers
            .waitForExit(id, (m) =>
              m.type === 'exited'
                ? resolve({ exitCode: m.exitCode })
                : reject(new TugboatError(m.error)),
            )
            .catch(reject);
        });
    }
  },
  /** `docker wait`: `onMessage` gets the exit code (or why the wait failed) when the container
   *  stops. Cancel when the view that waits goes away: that ends the request too. */
  async waitForExit(id: string, onMessage: (m: WaitMessage) => void): Promise<StreamHandle> {
    const channel = new Channel<WaitMessage>();
    channel.onmessage = onMessage;
    return streamHandle(await unwrap(commands.containerWait(id, channel)));
  },
  /** Live CPU/memory of one container; cancel when its row leaves the screen. */
  async followStats(id: string, onMessage: (m: StatsMessage) => void): Promise<StreamHandle> {
    const channel = new Channel<StatsMessage>();
    channel.onmessage = onMessage;
    return streamHandle(await unwrap(commands.containerStatsFollow(id, channel)));
  },
  openPort: (hostIp: string | null, hostPort: number): Promise<null> =>
    unwrap(commands.portOpen(hostIp, hostPort)),
  /** The `docker export` command an export equals. */
  exportCommand: (target: string, destination: string): Promise<string> =>
    commands.containerExportCommand(target, destination),
  /** Writes the container's filesystem to `destination`; the first message carries the stream
   *  id to cancel with (`cancelStream`). */
  export(
    id: string,
    destination: string,
    replace: boolean,
    onMessage: (m: ExportMessage) => void,
  ): Promise<ExportOutcome> {
    const channel = new Channel<ExportMessage>();
    channel.onmessage = onMessage;
    return unwrap(commands.containerExport(id, destination, replace, channel));
  },
  cancelStream,
};
