// Volumes: the kept list (with who uses each), sizes on request, inspect, create, remove and
// prune (the exact list first), each with the `docker volume …` line it equals.
import {
  commands,
  events,
  type CommandPreview,
  type Delta,
  type Snapshot,
  type VolumeDetails,
  type VolumeForm,
  type VolumeOutcome,
  type VolumePruneFilters,
  type VolumePruneOutcome,
  type VolumePrunePreview,
  type VolumeRow,
  type VolumeSize,
} from './bindings';
import { unwrap, type Unlisten } from './core';

export const volumes = {
  /** `docker volume ls` as the backend keeps it, with the version of the last delta it holds. */
  list: (): Promise<Snapshot<VolumeRow>> => unwrap(commands.volumeList()),
  /** Every change to the kept list, in version order. */
  onChanged: (cb: (d: Delta<VolumeRow>) => void): Promise<Unlisten> =>
    events.volumesChanged.listen((e) => cb(e.payload)),
  /** Each volume's size, as `docker system df -v` reports it: costly, ask only on request. */
  sizes: (): Promise<VolumeSize[]> => unwrap(commands.volumeSizes()),
  inspect: (name: string): Promise<VolumeDetails> => unwrap(commands.volumeInspect(name)),
  /** The `docker volume create` line the form equals, or the fields that are wrong. */
  createPreview: (form: VolumeForm): Promise<CommandPreview> => commands.volumeCreatePreview(form),
  create: (form: VolumeForm): Promise<VolumeOutcome> => unwrap(commands.volumeCreate(form)),
  removeCommand: (name: string, force: boolean): Promise<string> =>
    commands.volumeRemoveCommand(name, force),
  /** A volume a container uses is refused (code `conflict`), naming the containers. */
  remove: (name: string, force: boolean): Promise<VolumeOutcome> =>
    unwrap(commands.volumeRemove(name, force)),
  /** Exactly what the prune would remove now, with sizes and the command. */
  prunePreview: (filters: VolumePruneFilters): Promise<VolumePrunePreview> =>
    unwrap(commands.volumePrunePreview(filters)),
  /** Removes the previewed volumes the user saw (`seen`) that are still unused. */
  prune: (filters: VolumePruneFilters, seen: string[]): Promise<VolumePruneOutcome> =>
    unwrap(commands.volumePrune(filters, seen)),
};
