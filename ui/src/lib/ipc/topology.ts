// The network map and "can A reach B?": networks with the containers on them, and whether one
// container finds another by name (from the engine's settings, checked live inside A).
import { commands, type Reach, type Topology } from './bindings';
import { unwrap } from './core';

export const topology = {
  /** Every network and the containers on it (`docker network ls` + `docker inspect`). */
  map: (): Promise<Topology> => unwrap(commands.networkTopology()),
  /** Whether `from` reaches `to`, and by which names on each network they share. */
  reach: (from: string, to: string): Promise<Reach> => unwrap(commands.networkReach(from, to)),
};
