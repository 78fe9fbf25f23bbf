// The lint analyser: the session's text and build context go to the linter after an edit, and
// its findings become the session's diagnostics (which the editor and the Problems panel show).
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import { FakeDockerfilesArea } from '$lib/testing/fake-dockerfiles';
import { DockerfileSession } from '$lib/stores/dockerfile.svelte';
import type { Diagnostic } from './contracts';
import { analysers } from './analysers';
import { lintAnalyser } from './lint';

const latest = (line: number): Diagnostic => ({
  rule: 'DF003',
  slug: 'unpinned-base',
  severity: 'warning',
  message: 'pin a version tag',
  span: { start: 5, end: 19, line, endLine: line },
  fix: null,
});

beforeEach(() => {
  Object.assign(backend.dockerfiles, new FakeDockerfilesArea());
});

describe('the lint analyser', () => {
  it('is registered to run after edits', () => {
    expect(analysers.map((a) => a.id)).toContain('lint');
  });

  it('lints the current text with the build context and keeps the findings', async () => {
    backend.dockerfiles.lintReport = (text) => ({
      diagnostics: text.includes(':latest') ? [latest(1)] : [],
    });
    const session = new DockerfileSession([lintAnalyser]);
    session.folder = '/home/ada/web';
    session.text = 'FROM busybox:latest\n';
    await session.analyse();
    expect(backend.dockerfiles.lints.at(-1)).toEqual({
      text: 'FROM busybox:latest\n',
      contextDir: '/home/ada/web',
    });
    expect(session.diagnostics).toEqual([latest(1)]);

    session.text = 'FROM busybox:1.36\n';
    await session.analyse();
    expect(session.diagnostics).toEqual([]);
  });

  it('leaves a failure to the session to show, without throwing at the typist', async () => {
    backend.dockerfiles.lintReport = () => {
      throw new Error('contextDir: /x was not opened here');
    };
    const session = new DockerfileSession([lintAnalyser]);
    session.text = 'FROM busybox:1\n';
    await session.analyse();
    expect(session.analysisErrors.lint).toContain('contextDir');
  });
});
