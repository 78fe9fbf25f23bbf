// The Compose area: a compose file loaded into the resolved project (model, problems with
// their place in the text, the resolved YAML, the variables used). Up, the stacks on the
// engine, down and service actions add their calls here. The open dialog for compose, env and
// override files lets their folder be read and saved (`file_read`/`file_save`).
import {
  commands,
  type BuildDef,
  type ComposeLoad,
  type ComposeCommandParts,
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
  ComposeCommandParts,
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
  /** The file dialog titled `title` (starting beside `from`); the folder of the file picked
   *  may then have its files read and saved. `null` if the dialog was closed. */
  chooseFile: (title: string, from: string): Promise<string | null> =>
    unwrap(commands.composeChooseFile(title, from)),
  /** The `docker compose -p … -f … <args>` line, quoted as every command Tugboat shows. */
  commandLine: (parts: ComposeCommandParts): Promise<string> => commands.composeCommandLine(parts),
  /** Loads `request.text` (with its `.env`, overrides, `extends` and `include` files, read
   *  only inside folders opened here): never throws for a bad file, its problems are in
   *  `diagnostics`. */
  load: (request: ComposeRequest): Promise<ComposeLoad> => unwrap(commands.composeLoad(request)),
};
