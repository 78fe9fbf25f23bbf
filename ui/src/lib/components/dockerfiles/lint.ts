// The linter as an analyser: after each edit (once typing pauses) the text and the build context
// folder go to `dockerfile_lint`; its findings become the session's diagnostics, which the editor
// marks inline (underline, gutter, quick fixes) and the Problems panel lists.
import { dockerfiles } from '$lib/ipc/client';
import type { Analyser } from '$lib/stores/dockerfile.svelte';

export const lintAnalyser: Analyser = {
  id: 'lint',
  run: async (session) => {
    const report = await dockerfiles.lint(session.text, session.folder);
    session.diagnostics = report.diagnostics;
  },
};
