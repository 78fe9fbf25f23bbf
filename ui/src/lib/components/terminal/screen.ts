// A terminal's screen bytes as they cross the IPC (base64, see `commands/exec.rs`), decoded
// for `Terminal.write`, and the words a session's end is shown with.
import type { TerminalEnd, TerminalOutput } from '$lib/ipc/client';

/** The bytes of one output message. */
export function decodeScreen(output: TerminalOutput): Uint8Array {
  const text = atob(output.base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** How a session ended, in words. */
export function endWords(end: TerminalEnd): string {
  if (end.detached) return 'Detached: the container is still running.';
  if (end.notStarted) return end.notStarted;
  if (end.exitCode === null) return 'The session ended.';
  return `exited with code ${end.exitCode}`;
}

/** What detaches from `docker attach` (ctrl-p, then ctrl-q), as the keyboard sends it. */
export const DETACH_KEYS = '\u0010\u0011';

/** Whether a key event is the terminal's copy (ctrl-shift-c) or paste (ctrl-shift-v): plain
 *  ctrl-c and ctrl-v belong to the program running in the terminal. */
export function clipboardKey(e: KeyboardEvent): 'copy' | 'paste' | null {
  if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey || e.altKey || e.metaKey) return null;
  const key = e.key.toLowerCase();
  return key === 'c' ? 'copy' : key === 'v' ? 'paste' : null;
}
