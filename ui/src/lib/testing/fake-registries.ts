// The `registries` area of the fake backend: a config that knows Docker Hub and whatever the
// test logs in to; log in succeeds unless the password is `wrong` (then code `invalidInput`,
// as the app answers a refused password); every call recorded.
import { TugboatError } from '$lib/ipc/core';
import type {
  Client,
  CredentialsHome,
  KnownRegistry,
  LocalRegistryForm,
  LoginForm,
  PlainHttpRegistries,
} from '$lib/ipc/client';

export class FakeRegistries {
  file = '/home/ann/.docker/config.json';
  store: string | null = null;
  known: KnownRegistry[] = [
    {
      registry: 'docker.io',
      username: null,
      identityToken: false,
      keptIn: '/home/ann/.docker/config.json',
      problem: null,
    },
  ];
  plain: PlainHttpRegistries = { ranges: ['127.0.0.0/8'], hosts: [] };
  logins: LoginForm[] = [];
  logouts: string[] = [];
  started: LocalRegistryForm[] = [];
  imagePresent = true;

  /** Back to a config that knows only Docker Hub, nothing recorded (a test file's tests share
   *  one backend). */
  reset() {
    Object.assign(this, new FakeRegistries());
  }

  home(): CredentialsHome {
    return {
      file: this.file,
      store: this.store,
      perRegistry: [],
      registries: this.known.map((k) => ({ ...k })),
    };
  }

  area(): Client['registries'] {
    const hostOf = (s: string) => s.trim() || 'docker.io';
    return {
      home: async () => this.home(),
      plainHttp: async () => this.plain,
      loginPreview: async (form) => ({
        commandLine: `docker login ${form.server === 'docker.io' ? '' : form.server + ' '}-u ${form.username} --password-stdin`,
        errors: form.username ? [] : [{ field: 'username', message: 'a user name is needed' }],
      }),
      login: async (form) => {
        this.logins.push(form);
        if (form.password === 'wrong') {
          throw new TugboatError({
            code: 'invalidInput',
            message: `${form.server} refused user ${form.username} with that password`,
          });
        }
        const registry = hostOf(form.server);
        this.known = this.known.filter((k) => k.registry !== registry);
        this.known.push({
          registry,
          username: form.username,
          identityToken: false,
          keptIn: this.file,
          problem: null,
        });
        return { registry, status: 'Login Succeeded', identityToken: false, keptIn: this.file };
      },
      logoutCommand: async (server) =>
        server === 'docker.io' ? 'docker logout' : `docker logout ${server}`,
      logout: async (server) => {
        this.logouts.push(server);
        const had = this.known.some((k) => k.registry === server && k.username);
        this.known = this.known.map((k) => (k.registry === server ? { ...k, username: null } : k));
        return had;
      },
      localPreview: async (form, pushImage) => ({
        commandLine: `docker run -d -p ${form.hostPort}:5000 --name ${form.name} ${form.image || 'registry:2'}`,
        errors: [],
        imagePresent: this.imagePresent,
        pushCommands: pushImage
          ? [
              `docker tag ${pushImage} localhost:${form.hostPort}/${pushImage}`,
              `docker push localhost:${form.hostPort}/${pushImage}`,
            ]
          : [],
        address: `localhost:${form.hostPort}`,
      }),
      localStart: async (form) => {
        this.started.push(form);
        return {
          address: `localhost:${form.hostPort}`,
          containerId: 'r3g',
          containerName: form.name,
          pulled: false,
        };
      },
    };
  }
}
