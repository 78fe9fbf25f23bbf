// What runs on the compose file's text after each edit, once typing pauses (the session
// debounces and never overlaps runs). One line per part, e.g.
//   { id: 'load', run: async (s) => { s.loaded = await compose.load(s.request()); } },
// An analyser writes its results onto the session; a throw is shown as that analyser's
// failure and leaves the others running.
import type { ComposeAnalyser } from '$lib/stores/compose.svelte';
import { compose } from '$lib/ipc/client';

export type { ComposeAnalyser };

export const composeAnalysers: ComposeAnalyser[] = [
  {
    id: 'load',
    run: async (s) => {
      if (!s.isOpen) return;
      const request = s.request();
      const loaded = await compose.load(request);
      // An open of another file while this ran: its own run writes its result.
      if (s.request().path === request.path) s.loaded = loaded;
    },
  },
];
