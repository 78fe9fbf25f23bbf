// What runs on the Dockerfile's text after each edit, once typing pauses (the session debounces
// and never overlaps runs). One line per part, e.g.
//   { id: 'parse', run: async (s) => { s.parsed = await dockerfiles.parse(s.text); } },
// An analyser writes its results onto the session (parsed, diagnostics, …); a throw is shown
// as that analyser's failure and leaves the others running.
import type { Analyser } from '$lib/stores/dockerfile.svelte';

export type { Analyser };

export const analysers: Analyser[] = [];
