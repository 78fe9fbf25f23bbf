// Registries: who is logged in where (the docker CLI's own config folder), `docker login` and
// `docker logout` with the lines they equal (never the password), the registries the engine
// may use over plain HTTP, and a local registry container.
import {
  commands,
  type CredentialsHome,
  type LocalRegistryForm,
  type LocalRegistryPreview,
  type LocalRegistryStarted,
  type LoginForm,
  type LoginOutcome,
  type LoginPreview,
  type PlainHttpRegistries,
} from './bindings';
import { unwrap } from './core';

export const registries = {
  /** The config file, its helpers, and every registry it knows (Docker Hub always). */
  home: (): Promise<CredentialsHome> => unwrap(commands.registryHome()),
  /** The engine's `insecure-registries`: ranges and hosts it may use over plain HTTP. */
  plainHttp: (): Promise<PlainHttpRegistries> => unwrap(commands.registryPlainHttp()),
  /** The `docker login` line the form equals, and its field errors. */
  loginPreview: (form: LoginForm): Promise<LoginPreview> => commands.registryLoginPreview(form),
  /** Checked by the engine first; a wrong password is code `invalidInput`, nothing kept. */
  login: (form: LoginForm): Promise<LoginOutcome> =>
    unwrap(commands.registryLogin(form.server, form.username, form.password)),
  logoutCommand: (server: string): Promise<string> =>
    unwrap(commands.registryLogoutCommand(server)),
  /** Whether there were credentials to forget. */
  logout: (server: string): Promise<boolean> => unwrap(commands.registryLogout(server)),
  localPreview: (form: LocalRegistryForm, pushImage: string): Promise<LocalRegistryPreview> =>
    unwrap(commands.registryLocalPreview(form, pushImage)),
  localStart: (form: LocalRegistryForm): Promise<LocalRegistryStarted> =>
    unwrap(commands.registryLocalStart(form)),
};
