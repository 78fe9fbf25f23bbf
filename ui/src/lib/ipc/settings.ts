// The window's own settings (theme, the section to start on, each list's filter), kept by the backend in the
// platform's config folder; and what the app itself holds in memory, which the Settings view shows.
import { commands, type AppMemory, type ListView, type Theme, type UiSettings } from './bindings';
import { unwrap } from './core';

export const settings = {
  get: (): Promise<UiSettings> => commands.settingsGet(),
  setTheme: (theme: Theme): Promise<null> => unwrap(commands.settingsSetTheme(theme)),
  setLastView: (view: string): Promise<null> => unwrap(commands.settingsSetLastView(view)),
  setListView: (list: string, view: ListView): Promise<null> =>
    unwrap(commands.settingsSetListView(list, view)),
  memory: (): Promise<AppMemory> => commands.appMemory(),
};
