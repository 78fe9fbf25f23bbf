// Images: the kept list (every tag of each image, how many containers use it), inspect, tag,
// untag and remove (with a preview), and prune (the exact list first), each with the
// `docker image …` line it equals.
import {
  commands,
  events,
  type CommandPreview,
  type Delta,
  type ImageDetails,
  type ImagePruneOutcome,
  type ImagePrunePreview,
  type ImageRow,
  type RemovalOutcome,
  type RemovalPreview,
  type Snapshot,
  type TagForm,
  type TagOutcome,
} from './bindings';
import { unwrap, type Unlisten } from './core';

export const images = {
  /** `docker images` as the backend keeps it, with the version of the last delta it holds. */
  list: (): Promise<Snapshot<ImageRow>> => unwrap(commands.imageList()),
  /** Every change to the kept list, in version order. */
  onChanged: (cb: (d: Delta<ImageRow>) => void): Promise<Unlisten> =>
    events.imagesChanged.listen((e) => cb(e.payload)),
  /** `docker image inspect` of an id or reference: the overview and the engine's JSON. */
  inspect: (image: string): Promise<ImageDetails> => unwrap(commands.imageInspect(image)),
  /** The `docker image tag` line the form equals, or its field errors. */
  tagPreview: (form: TagForm): Promise<CommandPreview> => commands.imageTagPreview(form),
  tag: (form: TagForm): Promise<TagOutcome> => unwrap(commands.imageTag(form)),
  /** What `docker image rm [--force] TARGET` would do to `image`: names, layers, containers. */
  removePreview: (image: string, target: string, force: boolean): Promise<RemovalPreview> =>
    unwrap(commands.imageRemovePreview(image, target, force)),
  remove: (image: string, target: string, force: boolean): Promise<RemovalOutcome> =>
    unwrap(commands.imageRemove(image, target, force)),
  /** Exactly what `docker image prune [--all]` would remove now, and the bytes it frees. */
  prunePreview: (all: boolean): Promise<ImagePrunePreview> =>
    unwrap(commands.imagePrunePreview(all)),
  /** Removes the images the preview showed that a prune would still remove. */
  prune: (all: boolean, ids: string[]): Promise<ImagePruneOutcome> =>
    unwrap(commands.imagePrune(all, ids)),
};
