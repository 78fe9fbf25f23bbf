// The image files area of the fake backend (`imageFiles` in the client): a test sets what the
// dialogs and the search answer, and reads back the saves, loads and imports started (and
// answers them through their `send`).
import type {
  CommandPreview,
  ImageFilePurpose,
  ImageImportMessage,
  ImageLoadMessage,
  ImageSaveMessage,
  ImportForm,
  SearchHit,
} from '$lib/ipc/client';

type Listener<T> = (m: T) => void;

/** One stream a dialog started, as the backend sees it. */
export interface FakeImageStream<M> {
  args: unknown[];
  send: Listener<M>;
  cancelled: boolean;
}

export function makeHit(over: Partial<SearchHit> = {}): SearchHit {
  return {
    name: 'nginx',
    description: 'Official build of Nginx.',
    stars: 20000,
    official: true,
    automated: false,
    ...over,
  };
}

export class FakeImageFilesArea {
  /** What the dialogs answer: the save path, and the file to load or import. */
  choices: { save?: string | null; load?: string | null; import?: string | null } = {};
  saves: FakeImageStream<ImageSaveMessage>[] = [];
  loads: FakeImageStream<ImageLoadMessage>[] = [];
  imports: FakeImageStream<ImageImportMessage>[] = [];
  /** What a search answers: hits, or an Error (thrown as the engine's refusal). */
  searchAnswer: SearchHit[] | Error = [];
  searched: string[] = [];
  /** What the import preview answers for a form (default: a line, no errors). */
  importPreview: (form: ImportForm, file: string) => CommandPreview = (form, file) => ({
    commandLine: ['docker import', ...form.changes.map((c) => `-c '${c}'`), file, form.reference]
      .filter(Boolean)
      .join(' '),
    errors: [],
  });

  api() {
    const open = <M>(list: FakeImageStream<M>[], args: unknown[], send: Listener<M>) => {
      const s: FakeImageStream<M> = { args, send, cancelled: false };
      list.push(s);
      return Promise.resolve({
        id: 700 + list.length,
        cancel: async () => {
          s.cancelled = true;
        },
      });
    };
    return {
      saveCommand: async (refs: string[], destination: string) =>
        `docker save -o ${destination} ${refs.join(' ')}`,
      chooseSavePath: async () => this.choices.save ?? null,
      save: (
        refs: string[],
        destination: string,
        replace: boolean,
        send: Listener<ImageSaveMessage>,
      ) => open(this.saves, [refs, destination, replace], send),
      chooseFile: async (purpose: ImageFilePurpose) => this.choices[purpose] ?? null,
      loadCommand: async (file: string) => `docker load -i ${file}`,
      load: (file: string, send: Listener<ImageLoadMessage>) => open(this.loads, [file], send),
      importPreview: async (form: ImportForm, file: string) => this.importPreview(form, file),
      import: (form: ImportForm, file: string, send: Listener<ImageImportMessage>) =>
        open(this.imports, [form, file], send),
      searchCommand: async (term: string, limit: number) =>
        `docker search --limit ${limit} ${term}`,
      search: async (term: string) => {
        this.searched.push(term);
        if (this.searchAnswer instanceof Error) throw this.searchAnswer;
        return this.searchAnswer;
      },
    };
  }
}
