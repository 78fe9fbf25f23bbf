// Networks: the kept list (with the containers on each), inspect, create, remove, connect,
// disconnect and prune, each with the `docker network …` line it equals.
import {
  commands,
  events,
  type CommandPreview,
  type Delta,
  type NetworkConnectForm,
  type NetworkCreateForm,
  type NetworkDetails,
  type NetworkOutcome,
  type NetworkRow,
  type PruneFilter,
  type PruneOutcome,
  type PrunePreview,
  type Snapshot,
} from './bindings';
import { unwrap, type Unlisten } from './core';

export const networks = {
  /** `docker network ls` as the backend keeps it, with the version of the last delta. */
  list: (): Promise<Snapshot<NetworkRow>> => unwrap(commands.networkList()),
  /** Every change to the kept list, in version order. */
  onChanged: (cb: (d: Delta<NetworkRow>) => void): Promise<Unlisten> =>
    events.networksChanged.listen((e) => cb(e.payload)),
  inspect: (id: string): Promise<NetworkDetails> => unwrap(commands.networkInspect(id)),
  /** The `docker network create` line the form equals, or its field errors. */
  createPreview: (form: NetworkCreateForm): Promise<CommandPreview> =>
    commands.networkCreatePreview(form),
  create: (form: NetworkCreateForm): Promise<NetworkOutcome> =>
    unwrap(commands.networkCreate(form)),
  /** The `docker network rm` line for these names, quoted as Rust quotes every line. */
  removeCommand: (names: string[]): Promise<string> => commands.networkRemoveCommand(names),
  remove: (id: string): Promise<NetworkOutcome> => unwrap(commands.networkRemove(id)),
  /** The `docker network connect` line for this network and container (ids or names). */
  connectPreview: (
    network: string,
    container: string,
    form: NetworkConnectForm,
  ): Promise<CommandPreview> => commands.networkConnectPreview(network, container, form),
  connect: (
    network: string,
    container: string,
    form: NetworkConnectForm,
  ): Promise<NetworkOutcome> => unwrap(commands.networkConnect(network, container, form)),
  disconnect: (network: string, container: string, force: boolean): Promise<NetworkOutcome> =>
    unwrap(commands.networkDisconnect(network, container, force)),
  /** Exactly what a prune with these filters would remove, from the engine. */
  prunePreview: (filter: PruneFilter): Promise<PrunePreview> =>
    unwrap(commands.networkPrunePreview(filter)),
  /** Prunes; `shown` are the ids the preview listed: nothing goes if the engine would now
   *  remove any other. */
  prune: (filter: PruneFilter, shown: string[]): Promise<PruneOutcome> =>
    unwrap(commands.networkPrune(filter, shown)),
};
