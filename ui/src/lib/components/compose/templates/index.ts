// The templates "New from template…" offers: real compose files in this folder (so the
// loader's tests can read the same files), each with a title, what it is for, and the other
// files it needs written beside it (a Dockerfile to build from).
import webDatabase from './web-database.compose.yaml?raw';
import webCache from './web-cache.compose.yaml?raw';
import builtService from './built-service.compose.yaml?raw';
import builtServiceDockerfile from './built-service.Dockerfile?raw';

export interface ComposeTemplate {
  /** Stable: the template's button is `compose-template` with `data-id`. */
  id: string;
  title: string;
  summary: string;
  /** The compose file's text, saved as `compose.yaml`. */
  text: string;
  /** Files written beside it when the folder has none of that name (name → text). */
  beside: [string, string][];
}

export const composeTemplates: ComposeTemplate[] = [
  {
    id: 'web-database',
    title: 'Web + database',
    summary: 'nginx in front, PostgreSQL with its data in a volume, started once it is healthy.',
    text: webDatabase,
    beside: [],
  },
  {
    id: 'web-cache',
    title: 'Web + cache',
    summary: 'nginx with a Redis cache that only the services of the file can reach.',
    text: webCache,
    beside: [],
  },
  {
    id: 'built-service',
    title: 'Built from a Dockerfile',
    summary: 'A service whose image is built from the Dockerfile written beside it.',
    text: builtService,
    beside: [['Dockerfile', builtServiceDockerfile]],
  },
];
