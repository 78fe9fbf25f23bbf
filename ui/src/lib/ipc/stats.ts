// Looking inside one container: live stats (`docker stats`), its processes (`docker top`), its
// changes (`docker diff`), and the `docker …` lines those views equal.
import { commands, type StatsSample } from './bindings';
import { unwrap } from './core';
import { openStream, type StreamHandle, type StreamMessage } from './stream';

export type StatsStreamMessage = StreamMessage<StatsSample, string>;

export const inside = {
  /** A full sample about once a second; cancel when the view is off screen. */
  followStats: (id: string, onMessage: (m: StatsStreamMessage) => void): Promise<StreamHandle> =>
    openStream((channel) => unwrap(commands.statsFollow(id, channel)), onMessage),
  /** `docker top`: refused with `conflict` when the container is not running. */
  top: (id: string, psArgs: string | null) => unwrap(commands.containerTop(id, psArgs)),
  /** `docker diff` as a tree. */
  changes: (id: string) => unwrap(commands.containerChanges(id)),
  /** The `docker stats/top/diff/port` lines for the container named `name`. */
  commands: (name: string, psArgs: string | null) => commands.insideCommands(name, psArgs),
  /** `docker stats A B …`. */
  statsCommand: (names: string[]) => commands.statsCommand(names),
};
