// Containers: the list, inspect, lifecycle actions with the docker command each equals, the
// live figures, `docker wait`, published ports and `docker export`.
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
  type ExportOutcome,
  type ExportProgressMessage,
  type RemovalItem,
  type Snapshot,
  type StatsSample,
} from './bindings';
import {
  openStream,
  TugboatError,
  unwrap,
  type StreamHandle,
  type StreamMessage,
  type Unlisten,
} from './core';

/** What each container stream carries (the one stream shape: data, then `end` or `error`). */
export type StatsMessage = StreamMessage<StatsSample, string>;
export type WaitMessage = StreamMessage<null, ActionOutcome>;
export type ExportMessage = StreamMessage<ExportProgressMessage, ExportOutcome>;

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
              m.type === 'end'
                ? resolve(m.end)
                : m.type === 'error'
                  ? reject(new TugboatError(m.error))
                  : undefined,
            )
            .catch(reject);
        });
    }
  },
  /** `docker wait`: the stream ends with the exit code (or why the wait failed) when the
   *  container stops. Cancel when the view that waits goes away: that ends the request too. */
  waitForExit: (id: string, onMessage: (m: WaitMessage) => void): Promise<StreamHandle> =>
    openStream((channel) => unwrap(commands.containerWait(id, channel)), onMessage),
  /** CPU/memory of one container for its row: a sample now, then one every 30 s (the Stats
   *  tab follows each second); cancel when its row leaves the screen. */
  followStats: (id: string, onMessage: (m: StatsMessage) => void): Promise<StreamHandle> =>
    openStream((channel) => unwrap(commands.statsGlance(id, channel)), onMessage),
  openPort: (hostIp: string | null, hostPort: number): Promise<null> =>
    unwrap(commands.portOpen(hostIp, hostPort)),
  /** The `docker export` command an export equals. */
  exportCommand: (target: string, destination: string): Promise<string> =>
    commands.containerExportCommand(target, destination),
  /** Writes the container's filesystem to `destination`: progress comes as data, the outcome
   *  as the stream's end. A destination not chosen in the save dialog is refused at once. */
  export: (
    id: string,
    destination: string,
    replace: boolean,
    onMessage: (m: ExportMessage) => void,
  ): Promise<StreamHandle> =>
    openStream(
      (channel) => unwrap(commands.containerExport(id, destination, replace, channel)),
      onMessage,
    ),
};
