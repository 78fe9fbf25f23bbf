// Swarm mode: the swarm's status, this machine's addresses for init, init, the join lines,
// leave (with what it takes along), each with the `docker swarm …` line it equals.
import {
  commands,
  type HostAddress,
  type JoinTokens,
  type LeavePreview,
  type SwarmAction,
  type SwarmInit,
  type SwarmStatus,
} from './bindings';
import { unwrap } from './core';

export const swarm = {
  /** Inactive, or this node's role and the swarm's counts (`docker info`). */
  status: (): Promise<SwarmStatus> => unwrap(commands.swarmStatus()),
  /** This machine's addresses (one suggested); empty for an engine on another machine. */
  addresses: (): Promise<HostAddress[]> => unwrap(commands.swarmAddresses()),
  /** The `docker swarm …` line an action equals. */
  command: (action: SwarmAction): Promise<string> => commands.swarmCommand(action),
  init: (init: SwarmInit): Promise<SwarmStatus> => unwrap(commands.swarmInit(init)),
  /** The whole `docker swarm join --token … addr` lines to copy. */
  joinTokens: (): Promise<JoinTokens> => unwrap(commands.swarmJoinTokens()),
  /** What a leave would take along, read now. */
  leavePreview: (): Promise<LeavePreview> => unwrap(commands.swarmLeavePreview()),
  leave: (force: boolean): Promise<null> => unwrap(commands.swarmLeave(force)),
};
