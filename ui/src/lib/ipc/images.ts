// Images: the kept list (every tag of each image, how many containers use it) and inspect,
// each with the `docker image …` line it equals.
import {
  commands,
  events,
  type Delta,
  type ImageDetails,
  type ImageRow,
  type Snapshot,
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
};
