// Docker contexts: the CLI's named engines, listed, created, edited, removed and used exactly as
// `docker context …` does it (same files), each with the line it equals; "connect" points only
// the app at one.
import {
  commands,
  type ContextAction,
  type ContextCommand,
  type ContextForm,
  type ContextKind,
  type ContextRow,
  type ContextTls,
  type RemovePreview,
  type TlsFile,
} from './bindings';
import { unwrap } from './core';

export type {
  ContextAction,
  ContextCommand,
  ContextForm,
  ContextKind,
  ContextRow,
  ContextTls,
  RemovePreview,
  TlsFile,
};

export const contexts = {
  /** `docker context ls`, with the CLI's current one and the app's one marked. */
  list: (): Promise<ContextRow[]> => unwrap(commands.contextList()),
  create: (form: ContextForm): Promise<null> => unwrap(commands.contextCreate(form)),
  update: (name: string, form: ContextForm): Promise<null> =>
    unwrap(commands.contextUpdate(name, form)),
  removePreview: (name: string): Promise<RemovePreview> =>
    unwrap(commands.contextRemovePreview(name)),
  remove: (name: string, force: boolean): Promise<null> =>
    unwrap(commands.contextRemove(name, force)),
  /** `docker context use` and the app connects to it. */
  use: (name: string): Promise<null> => unwrap(commands.contextUse(name)),
  /** The app connects to it; the CLI's current context is left alone. */
  connect: (name: string): Promise<null> => unwrap(commands.contextConnect(name)),
  /** The `docker context …` line, and what is wrong with the form. */
  command: (action: ContextAction, form: ContextForm): Promise<ContextCommand> =>
    commands.contextCommand(action, form),
  /** The system's open dialog for a TLS file; null when cancelled. */
  chooseTls: (file: TlsFile, typed: string): Promise<string | null> =>
    unwrap(commands.contextTlsChoose(file, typed)),
};
