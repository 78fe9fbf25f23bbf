// The fake `$lib/ipc/client` module for component tests, in one line:
//   vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));
// then drive `backend` (imported from here). Vitest gives every test file its own module
// registry, so each file gets a fresh backend. A test may replace any call on
// `backend.client()`: components call through those same objects.
import { FakeBackend } from './fake-ipc';

export { TugboatError } from '$lib/ipc/core';
// Pure helpers of the services area: no IPC in them.
export { defaultUpdatePolicy, emptyServiceForm } from '$lib/ipc/services';

export const backend = new FakeBackend();
export const client = backend.client();
export const {
  cli,
  engine,
  engineEvents,
  containers,
  containerFiles,
  run,
  files,
  images,
  registryBrowse,
  networks,
  volumes,
  volumeFiles,
  topology,
  ports,
  disk,
  inside,
  exec,
  logs,
  namespaces,
  registries,
  imageLayers,
  imageFiles,
  pull,
  dockerfiles,
  buildLayers,
  build,
  compose,
  composeStacks,
  services,
  swarm,
  settings,
  learn,
} = client;
