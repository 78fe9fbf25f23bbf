// The fake of the `pull` area (pull and push streams) for component tests: a test reads the
// streams a dialog opened, sends them progress and an end, and sets the command previews.
import type { Client, CommandPreview, PullForm, PullMessage, PushMessage } from '$lib/ipc/client';

export interface FakePull {
  form: PullForm;
  send: (m: PullMessage) => void;
  cancelled: boolean;
}

export interface FakePush {
  reference: string;
  send: (m: PushMessage) => void;
  cancelled: boolean;
}

export class FakePullArea {
  pulls: FakePull[] = [];
  pushes: FakePush[] = [];
  /** What `pullCommand` answers. */
  pullPreview: (form: PullForm) => CommandPreview = (form) => ({
    commandLine: form.reference.trim()
      ? `docker pull ${form.platform ? `--platform ${form.platform} ` : ''}${form.reference.trim()}`
      : '',
    errors: form.reference.trim()
      ? []
      : [{ field: 'reference', message: 'an image name is needed, such as busybox' }],
  });
  /** What `pushCommand` answers. */
  pushPreview: (reference: string) => CommandPreview = (reference) => ({
    commandLine: `docker push ${reference}`,
    errors: [],
  });

  area(): Client['pull'] {
    return {
      pullCommand: async (form) => this.pullPreview(form),
      pull: async (form, on) => {
        const s: FakePull = { form, send: on, cancelled: false };
        this.pulls.push(s);
        return {
          id: this.pulls.length,
          cancel: async () => {
            s.cancelled = true;
            on({ type: 'error', error: { code: 'cancelled', message: 'cancelled' } });
          },
        };
      },
      pushCommand: async (reference) => this.pushPreview(reference),
      push: async (reference, on) => {
        const s: FakePush = { reference, send: on, cancelled: false };
        this.pushes.push(s);
        return {
          id: 100 + this.pushes.length,
          cancel: async () => {
            s.cancelled = true;
            on({ type: 'error', error: { code: 'cancelled', message: 'cancelled' } });
          },
        };
      },
    };
  }
}
