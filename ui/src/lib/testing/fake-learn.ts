// The Learn area of the fake backend (`learn` in the client): a test sets the lessons and
// what the engine's checks answer, and reads back what was asked.
import type {
  Finished,
  Lesson,
  LessonImport,
  LessonOpen,
  LessonProgress,
  LessonSummary,
  Made,
  Printed,
  Verdict,
} from '$lib/ipc/client';

/** What a lesson made: `over`'s kinds, the rest empty. */
export function made(over: Partial<Made> = {}): Made {
  return {
    containers: [],
    volumes: [],
    networks: [],
    images: [],
    files: [],
    services: [],
    swarm: false,
    ...over,
  };
}

export function makeLesson(over: Partial<Lesson> = {}): Lesson {
  return {
    id: 'tiny',
    title: 'Tiny',
    summary: 'Two steps.',
    image: 'busybox',
    steps: [
      {
        title: 'Run it',
        text: 'Run a container.',
        command: 'docker run -d --name learn-tiny busybox sleep 600',
        check: { kind: 'container', name: 'learn-tiny', state: 'running' },
        expects: 'a container named learn-tiny is running',
        after: 'It runs.',
        terminalOnly: null,
      },
      {
        title: 'List it',
        text: 'List containers.',
        command: 'docker ps',
        check: { kind: 'look' },
        expects: 'nothing: this command only reads',
        after: 'Listed.',
        terminalOnly: null,
      },
    ],
    makes: made({ containers: ['learn-tiny'] }),
    alsoRuns: [],
    files: [],
    ...over,
  };
}

export class FakeLearnArea {
  lesson: Lesson = makeLesson();
  progress: LessonProgress | null = null;
  imageHere = true;
  alsoMissing: string[] = [];
  folder: string | null = null;
  /** What the engine shows for each check asked, in turn; the last one repeats. */
  verdicts: Verdict[] = [{ passed: false, seen: 'There is no container named learn-tiny yet.' }];
  checks: number[] = [];
  done: number[] = [];
  printed: Printed = { text: 'abc123', failed: false };
  /** Why `start` is refused; null: it starts. */
  startRefusal: string | null = null;
  finishPreview: Made = made({ containers: ['learn-tiny'] });
  finished: { id: string; seen: Made }[] = [];
  imports: string[] = [];
  importAnswer: LessonImport = { lesson: null, refusals: [] };

  summaries(): LessonSummary[] {
    const l = this.lesson;
    return [
      {
        id: l.id,
        title: l.title,
        summary: l.summary,
        steps: l.steps.length,
        imported: false,
        done: this.progress?.done ?? null,
      },
    ];
  }

  client() {
    return {
      lessons: async (): Promise<LessonSummary[]> => this.summaries(),
      open: async (): Promise<LessonOpen> => ({
        lesson: this.lesson,
        progress: this.progress,
        imageHere: this.imageHere,
        alsoMissing: this.alsoMissing,
        folder: this.folder,
        images: ['busybox:latest'],
      }),
      start: async (_id: string, image: string): Promise<LessonProgress> => {
        if (this.startRefusal) throw new Error(this.startRefusal);
        this.progress = { image, done: 0, keptImages: [] };
        return this.progress;
      },
      check: async (_id: string, step: number): Promise<Verdict> => {
        this.checks.push(step);
        return this.verdicts.length > 1 ? this.verdicts.shift()! : this.verdicts[0];
      },
      doStep: async (): Promise<Printed> => this.printed,
      stepDone: async (_id: string, step: number): Promise<LessonProgress> => {
        this.done.push(step);
        this.progress = {
          ...(this.progress ?? { image: 'busybox', keptImages: [] }),
          done: step + 1,
        };
        return this.progress;
      },
      finishPreview: async (): Promise<Made> => this.finishPreview,
      finish: async (id: string, seen: Made): Promise<Finished> => {
        this.finished.push({ id, seen });
        this.progress = null;
        return { removed: seen, refused: [] };
      },
      importText: async (text: string): Promise<LessonImport> => {
        this.imports.push(text);
        return this.importAnswer;
      },
      importFile: async (): Promise<LessonImport | null> => null,
      exportFile: async (): Promise<string | null> => null,
    };
  }
}

/** The learn client calling through to whichever area `area()` gives now, so a test may put a
 *  fresh `FakeLearnArea` on the backend before each case. */
export function learnClientOf(area: () => FakeLearnArea): ReturnType<FakeLearnArea['client']> {
  return {
    lessons: () => area().client().lessons(),
    open: () => area().client().open(),
    start: (id, image) => area().client().start(id, image),
    check: (id, step) => area().client().check(id, step),
    doStep: () => area().client().doStep(),
    stepDone: (id, step) => area().client().stepDone(id, step),
    finishPreview: () => area().client().finishPreview(),
    finish: (id, seen) => area().client().finish(id, seen),
    importText: (text) => area().client().importText(text),
    importFile: () => area().client().importFile(),
    exportFile: () => area().client().exportFile(),
  };
}
