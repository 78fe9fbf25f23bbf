import { describe, expect, it, vi } from 'vitest';

// The build commands answer as a test says, to check what `build` asks for and gives back.
const fake = vi.hoisted(() => ({
  calls: [] as unknown[][],
  answer: { status: 'ok', data: null } as { status: string; data?: unknown; error?: unknown },
}));

vi.mock('./bindings', () => ({
  commands: {
    buildContextSummary: async (...args: unknown[]) => {
      fake.calls.push(['summary', ...args]);
      return fake.answer;
    },
    imageBuildCommand: async (...args: unknown[]) => {
      fake.calls.push(['command', ...args]);
      return { commandLine: 'DOCKER_BUILDKIT=1 docker build /c', errors: [] };
    },
  },
  events: {},
}));

const { build, TugboatError } = await import('./client');

describe('build', () => {
  it('asks for the summary of the context and Dockerfile given', async () => {
    const summary = {
      files: 3,
      bytes: 10,
      ignoredFiles: 1,
      ignoredBytes: 2,
      largest: [],
      hasDockerignore: true,
      warning: null,
    };
    fake.answer = { status: 'ok', data: summary };
    expect(await build.contextSummary('/c', 'docker/Dockerfile')).toEqual(summary);
    expect(fake.calls.at(-1)).toEqual(['summary', '/c', 'docker/Dockerfile']);
  });

  it('throws the classified error when the context cannot be read', async () => {
    fake.answer = {
      status: 'error',
      error: { code: 'invalidInput', message: 'contextDir: cannot open /x' },
    };
    const err = await build.contextSummary('/x', 'Dockerfile').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TugboatError);
    expect((err as InstanceType<typeof TugboatError>).code).toBe('invalidInput');
  });

  it('passes the stages with the spec for the preview', async () => {
    const spec = {
      contextDir: '/c',
      dockerfile: 'Dockerfile',
      tags: [],
      buildArgs: [],
      target: null,
      noCache: false,
      pull: false,
      platform: null,
      builder: 'buildkit' as const,
      labels: [],
    };
    const p = await build.buildCommand(spec, ['build']);
    expect(p.commandLine).toBe('DOCKER_BUILDKIT=1 docker build /c');
    expect(fake.calls.at(-1)).toEqual(['command', spec, ['build']]);
  });
});
