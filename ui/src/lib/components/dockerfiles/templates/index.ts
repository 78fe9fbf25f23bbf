// The templates "Start from a template…" offers: real Dockerfiles in this folder (so the
// parser's corpus and the linter's tests can read the same files), each with a title and what
// it is for.
import staticSite from './static-site.Dockerfile?raw';
import nonRoot from './non-root.Dockerfile?raw';
import node from './node.Dockerfile?raw';
import python from './python.Dockerfile?raw';
import goMultiStage from './go-multi-stage.Dockerfile?raw';

export interface Template {
  /** Stable: the template's button is `dockerfile-template` with `data-id`. */
  id: string;
  title: string;
  summary: string;
  text: string;
}

export const templates: Template[] = [
  {
    id: 'static-site',
    title: 'Static website',
    summary: 'HTML and CSS served by BusyBox httpd as an unprivileged user.',
    text: staticSite,
  },
  {
    id: 'non-root',
    title: 'Non-root user',
    summary: 'A Debian image that creates its own user and runs as it.',
    text: nonRoot,
  },
  {
    id: 'node',
    title: 'Node.js',
    summary: 'Dependencies installed before the code is copied, so edits rebuild fast.',
    text: node,
  },
  {
    id: 'python',
    title: 'Python',
    summary: 'pip install from requirements.txt, then the app, run as its own user.',
    text: python,
  },
  {
    id: 'go-multi-stage',
    title: 'Go, multi-stage',
    summary: 'Compiled in one stage, shipped alone on a minimal base in another.',
    text: goMultiStage,
  },
];
