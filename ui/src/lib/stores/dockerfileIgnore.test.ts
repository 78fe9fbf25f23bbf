// Asking the session for the .dockerignore (the Context panel's button): a starter fills a
// folder's missing, still empty file as unsaved text; a file on disk or one being typed is
// never replaced; each ask is counted so the view switches to the tab.
import { describe, expect, it } from 'vitest';
import { DockerfileSession } from './dockerfile.svelte';

describe('DockerfileSession.showIgnore', () => {
  it('fills a missing .dockerignore with the starter, unsaved', () => {
    const s = new DockerfileSession();
    s.showIgnore('.git\n');
    expect(s.ignore.text).toBe('.git\n');
    expect(s.ignore.dirty).toBe(true);
    expect(s.ignoreAsked).toBe(1);
  });

  it('keeps what is already there and only shows it', () => {
    const s = new DockerfileSession();
    s.ignore.text = 'node_modules\n';
    s.showIgnore('.git\n');
    expect(s.ignore.text).toBe('node_modules\n');
    s.showIgnore(null);
    expect(s.ignoreAsked).toBe(2);
  });
});
