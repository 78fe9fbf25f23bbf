// Browsing a registry through its own API (not the engine): repositories, tags, a remote
// image's manifest (what a pull would bring), and deleting a tag after the preview listed every
// tag on its digest. Each answer carries the nearest docker or curl line.
import {
  commands,
  type RegistryCatalog,
  type RegistryDeletePreview,
  type RegistryManifest,
  type RegistryTags,
} from './bindings';
import { unwrap } from './core';

export const registryBrowse = {
  /** Every repository of `registry` (host[:port]); Docker Hub does not list its own. */
  catalog: (registry: string): Promise<RegistryCatalog> =>
    unwrap(commands.registryCatalog(registry)),
  tags: (registry: string, repository: string): Promise<RegistryTags> =>
    unwrap(commands.registryTags(registry, repository)),
  /** A full reference (`nginx`, `localhost:5000/app:1`, `app@sha256:…`). */
  manifest: (reference: string): Promise<RegistryManifest> =>
    unwrap(commands.registryManifest(reference)),
  /** The digest `tag` points at and every tag on it: what a delete removes. */
  deletePreview: (
    registry: string,
    repository: string,
    tag: string,
  ): Promise<RegistryDeletePreview> =>
    unwrap(commands.registryDeletePreview(registry, repository, tag)),
  /** Deletes only while `tag` still points at `digest` (else code `conflict`). */
  deleteTag: (registry: string, repository: string, tag: string, digest: string): Promise<null> =>
    unwrap(commands.registryDeleteTag(registry, repository, tag, digest)),
};
