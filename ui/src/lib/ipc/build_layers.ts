// After a build: the image's layers tied to the Dockerfile's lines, with tips from their sizes.
import { commands, type BuildLayers, type StepOutcome } from './bindings';
import { unwrap } from './core';

export const buildLayers = {
  /** Image `imageId`'s history tied to the lines of `text` (the Dockerfile it was built from);
   *  `steps` (the build's step outcomes) give cache states and step times when known. */
  read: (imageId: string, text: string, steps: StepOutcome[] | null): Promise<BuildLayers> =>
    unwrap(commands.buildLayers(imageId, text, steps)),
};
