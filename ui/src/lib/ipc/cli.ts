// Command lines for places with no form of their own (the command palette): Rust joins the
// words after `docker` by the one quoting rule every other shown line uses.
import { commands } from './bindings';

export const cli = {
  /** `docker <args…>`, quoted the way a shell would split it back. */
  dockerLine: (args: string[]): Promise<string> => commands.dockerLine(args),
};
