// Learn: the lessons, a lesson with the user's progress on this engine, a step's live check
// and "Do it for me", "finish" (the exact list first), and lesson files in and out.
import {
  commands,
  type Finished,
  type LessonImport,
  type LessonOpen,
  type LessonProgress,
  type LessonSummary,
  type Made,
  type Printed,
  type Verdict,
} from './bindings';
import { unwrap } from './core';

export const learn = {
  /** The built-in lessons in order, then imported ones, with steps done on this engine. */
  lessons: (): Promise<LessonSummary[]> => commands.learnLessons(),
  /** `image`: what `{image}` stands for when the lesson is not started here yet. */
  open: (id: string, image: string | null): Promise<LessonOpen> =>
    unwrap(commands.learnOpen(id, image)),
  /** Refused (code `invalidInput`) naming what the lesson would make that already exists. */
  start: (id: string, image: string): Promise<LessonProgress> =>
    unwrap(commands.learnStart(id, image)),
  check: (id: string, step: number): Promise<Verdict> => unwrap(commands.learnCheck(id, step)),
  /** Runs the step's command through the engine; what the CLI would have printed. */
  doStep: (id: string, step: number): Promise<Printed> => unwrap(commands.learnDo(id, step)),
  /** Counted only when the step's check passes now (refused otherwise). */
  stepDone: (id: string, step: number): Promise<LessonProgress> =>
    unwrap(commands.learnStepDone(id, step)),
  finishPreview: (id: string): Promise<Made> => unwrap(commands.learnFinishPreview(id)),
  /** Removes what the preview listed (`seen`) and is still here; forgets the progress. */
  finish: (id: string, seen: Made): Promise<Finished> => unwrap(commands.learnFinish(id, seen)),
  importText: (text: string): Promise<LessonImport> => unwrap(commands.learnImportText(text)),
  /** The system's open dialog; null when it was closed. */
  importFile: (): Promise<LessonImport | null> => unwrap(commands.learnImportChoose()),
  /** The system's save dialog; where it was written, or null when it was closed. */
  exportFile: (id: string): Promise<string | null> => unwrap(commands.learnExportChoose(id)),
};
