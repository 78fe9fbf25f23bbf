// The editor asks the registered instruction source: hover answers over the session's text,
// completion over the editor's state, quiet at an empty line start unless asked.
import { describe, expect, it } from 'vitest';
import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import type { DockerfileSession } from '$lib/stores/dockerfile.svelte';
import { completionFrom, editorHelp, hoverFrom } from './editorHelp';

function session(text: string): DockerfileSession {
  return { text } as DockerfileSession;
}

async function complete(marked: string, explicit = false) {
  const pos = marked.indexOf('|');
  const doc = marked.replace('|', '');
  const ctx = new CompletionContext(EditorState.create({ doc }), pos, explicit);
  return completionFrom(session(doc))(ctx);
}

describe('the instruction help source', () => {
  it('is registered', () => {
    expect(editorHelp.map((s) => s.id)).toContain('instructions');
  });

  it('explains the keyword under the pointer as plain text with its example', async () => {
    const text = 'FROM busybox\nHEALTHCHECK --retries=3 CMD true\n';
    const h = await hoverFrom(session(text))(text.indexOf('HEALTH') + 3, '', 2, 3);
    expect(h!.title).toBe('HEALTHCHECK');
    expect(h!.example).toMatch(/^HEALTHCHECK /);
    const f = await hoverFrom(session(text))(text.indexOf('retries') + 1, '', 2, 16);
    expect(f!.title).toBe('HEALTHCHECK --retries=<n>');
  });

  it('completes instructions, flags and mount types in the editor', async () => {
    const a = await complete('FROM x\nWO|');
    expect(a!.from).toBe(7);
    expect(a!.options.map((o) => o.label)).toContain('WORKDIR');
    expect((await complete('COPY --ch|'))!.options.map((o) => o.label)).toContain('--chown');
    const t = await complete('RUN --mount=type=|');
    expect(t!.options.map((o) => o.label)).toEqual(['cache', 'bind', 'secret', 'ssh', 'tmpfs']);
  });

  it('stays quiet on an empty line start unless asked', async () => {
    expect(await complete('FROM x\n|')).toBeNull();
    expect((await complete('FROM x\n|', true))!.options.length).toBe(18);
  });
});
