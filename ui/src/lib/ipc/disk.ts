// Disk usage (`docker system df -v`) and clean-up (`docker system prune`).
import {
  commands,
  type DiskBreakdown,
  type SystemPruneOptions,
  type SystemPrunePreview,
  type SystemPruneResult,
} from './bindings';
import { unwrap } from './core';

export const disk = {
  /** Every kind's totals and objects; the engine sizes everything, which can take a while. */
  usage: (): Promise<DiskBreakdown> => unwrap(commands.systemDiskUsage()),
  /** What the prune would remove with these options, part by part, and the command. */
  prunePreview: (options: SystemPruneOptions): Promise<SystemPrunePreview> =>
    unwrap(commands.systemPrunePreview(options)),
  /** Removes the objects in `seen` (the ids the preview listed) that are still prunable. */
  prune: (options: SystemPruneOptions, seen: string[]): Promise<SystemPruneResult> =>
    unwrap(commands.systemPrune(options, seen)),
};
