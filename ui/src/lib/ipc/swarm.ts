// Swarm mode: the swarm's status, this machine's addresses for init, init, the join lines,
// leave (with what it takes along), each with the `docker swarm …` line it equals.
import {
  commands,
  type HostAddress,
  type JoinTokens,
  type LeavePreview,
  type NodeChange,
  type NodeDetail,
  type NodeRow,
  type ObjectCreate,
  type ObjectKind,
  type ObjectRemovePreview,
  type SwarmObjectDetail,
  type SwarmObjectRow,
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
  nodes: (): Promise<NodeRow[]> => unwrap(commands.nodeList()),
  nodeInspect: (id: string): Promise<NodeDetail> => unwrap(commands.nodeInspect(id)),
  nodeUpdate: (id: string, change: NodeChange): Promise<NodeRow> =>
    unwrap(commands.nodeUpdate(id, change)),
  /** Secrets or configs, each with the services using it. */
  objects: (kind: ObjectKind): Promise<SwarmObjectRow[]> =>
    unwrap(kind === 'secret' ? commands.secretList() : commands.configList()),
  /** The file dialog for a value; the file picked may then be read by a create. */
  chooseFile: (title: string): Promise<string | null> =>
    unwrap(commands.swarmObjectChooseFile(title)),
  /** Creates one; answers with its ID. The value is sent once and not kept. */
  createObject: (kind: ObjectKind, create: ObjectCreate): Promise<string> =>
    unwrap(kind === 'secret' ? commands.secretCreate(create) : commands.configCreate(create)),
  inspectObject: (kind: ObjectKind, id: string): Promise<SwarmObjectDetail> =>
    unwrap(commands.swarmObjectInspect(kind, id)),
  removePreview: (kind: ObjectKind, id: string): Promise<ObjectRemovePreview> =>
    unwrap(commands.swarmObjectRemovePreview(kind, id)),
  /** Refused (code `conflict`) while a service uses it, naming the services. */
  removeObject: (kind: ObjectKind, id: string): Promise<null> =>
    unwrap(kind === 'secret' ? commands.secretRemove(id) : commands.configRemove(id)),
};
