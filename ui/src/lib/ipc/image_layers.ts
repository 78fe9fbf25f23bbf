// An image's history (`docker history --no-trunc`) and its layer analysis, read from
// `docker save` as a stream: progress as data, the analysis as the end.
import { commands, type ImageLayers, type LayersProgress } from './bindings';
import { unwrap } from './core';
import { openStream, type StreamHandle, type StreamMessage } from './stream';

export type LayersMessage = StreamMessage<LayersProgress, ImageLayers>;

export const imageLayers = {
  /** Newest step first, with the `docker history` line it equals. */
  history: (id: string) => unwrap(commands.imageHistory(id)),
  /** Reads the image's layers; cancel when the view goes away. */
  analyse: (id: string, onMessage: (m: LayersMessage) => void): Promise<StreamHandle> =>
    openStream((channel) => unwrap(commands.imageLayers(id, channel)), onMessage),
};
