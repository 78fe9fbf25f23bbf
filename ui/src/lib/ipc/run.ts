// `docker run` and the forms built on it: run, recreate, update, commit, and reading env lines.
import {
  commands,
  type ArgPart,
  type CommandPreview,
  type CommitForm,
  type EnvLines,
  type ParsedRun,
  type RecreatePlan,
  type RunChoices,
  type RunForm,
  type RunOutcome,
  type RunPreview,
  type UpdateForm,
} from './bindings';
import { unwrap } from './core';

export const run = {
  preview: (form: RunForm): Promise<RunPreview> => unwrap(commands.containerRunPreview(form)),
  run: (form: RunForm): Promise<RunOutcome> => unwrap(commands.containerRun(form)),
  parse: (commandLine: string): Promise<ParsedRun> => commands.containerParseRun(commandLine),
  /** The advanced section's flags, each with the help the preview gives it. */
  flagHelp: (): Promise<ArgPart[]> => commands.containerRunFlagHelp(),
  choices: (): Promise<RunChoices> => unwrap(commands.containerRunChoices()),
  updatePreview: (target: string, form: UpdateForm): Promise<CommandPreview> =>
    commands.containerUpdatePreview(target, form),
  commitPreview: (target: string, form: CommitForm): Promise<CommandPreview> =>
    commands.containerCommitPreview(target, form),
  commit: (id: string, form: CommitForm): Promise<string> =>
    unwrap(commands.containerCommit(id, form)),
  update: (id: string, form: UpdateForm): Promise<null> =>
    unwrap(commands.containerUpdate(id, form)),
  /** A container read back into the form, with what recreating it would drop. */
  recreatePlan: (id: string): Promise<RecreatePlan> => unwrap(commands.containerRecreatePlan(id)),
  /** Swaps the container for one made from the form; on failure the old one is put back. */
  recreate: (id: string, form: RunForm): Promise<RunOutcome> =>
    unwrap(commands.containerRecreate(id, form)),
  /** Pasted NAME=value lines, read as `docker run --env-file` reads them. */
  envLines: (text: string): Promise<EnvLines> => commands.containerEnvLines(text),
  /** Opens the file dialog and reads the env file chosen there the same way; null when the
   *  user closes the dialog. */
  envFile: (): Promise<EnvLines | null> => unwrap(commands.containerEnvFile()),
};
