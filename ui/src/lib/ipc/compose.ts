// The Compose area: a compose file loaded into the resolved project (model, problems with
// their place in the text, the resolved YAML, the variables used). Up, the stacks on the
// engine, down and service actions add their calls here.
import {
  commands,
  type BuildDef,
  type ComposeLoad,
  type ComposeModel,
  type ComposeRequest,
  type DependCondition,
  type Dependency,
  type Healthcheck,
  type NetworkDef,
  type PortDef,
  type Service,
  type ServiceNetwork,
  type ServiceVolume,
  type VariableFrom,
  type VariableUse,
  type VolumeDef,
  type VolumeKind,
} from './bindings';
import { unwrap } from './core';

export type {
  BuildDef,
  ComposeLoad,
  ComposeModel,
  ComposeRequest,
  DependCondition,
  Dependency,
  Healthcheck,
  NetworkDef,
  PortDef,
  Service,
  ServiceNetwork,
  ServiceVolume,
  VariableFrom,
  VariableUse,
  VolumeDef,
  VolumeKind,
};

export const compose = {
  /** Loads `request.text` (with its `.env`, overrides, `extends` and `include` files, read
   *  only inside folders opened here): never throws for a bad file, its problems are in
   *  `diagnostics`. */
  load: (request: ComposeRequest): Promise<ComposeLoad> => unwrap(commands.composeLoad(request)),
};
