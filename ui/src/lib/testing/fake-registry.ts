// The registry-browsing part of the fake backend (`registryBrowse` in the client): a registry
// with repositories and tags, manifests by reference, and what was asked (deletes included).
// A test may replace any call, or set `failWith` to make every call fail.
import { TugboatError } from '$lib/ipc/core';
import type { Client, RegistryAccess, RemoteManifest } from '$lib/ipc/client';

export function makeAccess(over: Partial<RegistryAccess> = {}): RegistryAccess {
  return {
    registry: 'localhost:5117',
    baseUrl: 'http://localhost:5117',
    plainHttp: true,
    plainHttpReason:
      'localhost is 127.0.0.1, in 127.0.0.0/8, which the engine allows over plain HTTP',
    username: 'tugboat',
    ...over,
  };
}

export function makeManifest(over: Partial<RemoteManifest> = {}): RemoteManifest {
  return {
    repository: 'team/app',
    reference: '1',
    digest: 'sha256:' + 'a'.repeat(64),
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    kind: 'Docker image manifest (schema 2)',
    multiPlatform: false,
    platforms: [
      {
        os: 'linux',
        architecture: 'amd64',
        variant: null,
        digest: 'sha256:' + 'a'.repeat(64),
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        layers: [
          { digest: 'sha256:' + 'b'.repeat(64), size: 2_000_000, mediaType: '' },
          { digest: 'sha256:' + 'c'.repeat(64), size: 500_000, mediaType: '' },
        ],
        compressedSize: 2_500_000,
        created: '2026-01-02T03:04:05Z',
        attestation: false,
        unread: null,
      },
    ],
    ...over,
  };
}

export class FakeRegistryArea {
  access = makeAccess();
  /** Repositories and their tags. */
  repositories: Record<string, string[]> = { 'team/app': ['1', 'latest'], 'team/db': ['5'] };
  manifest = makeManifest();
  /** Tags that share the deleted digest, as the preview lists them. */
  sharing: string[] = ['1', 'latest'];
  failWith: TugboatError | null = null;
  asked: string[] = [];
  deleted: { repository: string; tag: string; digest: string }[] = [];

  #check(what: string) {
    this.asked.push(what);
    if (this.failWith) throw this.failWith;
  }

  area(): Client['registryBrowse'] {
    return {
      catalog: async (registry) => {
        this.#check(`catalog ${registry}`);
        return {
          access: { ...this.access, registry },
          list: { repositories: Object.keys(this.repositories), complete: true },
          equivalent: {
            line: `curl -u tugboat ${this.access.baseUrl}/v2/_catalog`,
            note: 'No docker command',
          },
        };
      },
      tags: async (registry, repository) => {
        this.#check(`tags ${registry} ${repository}`);
        return {
          access: { ...this.access, registry },
          list: { repository, tags: this.repositories[repository] ?? [], complete: true },
          equivalent: { line: `curl ${this.access.baseUrl}/v2/${repository}/tags/list`, note: '' },
        };
      },
      manifest: async (reference) => {
        this.#check(`manifest ${reference}`);
        return {
          access: this.access,
          manifest: this.manifest,
          pullReference: reference,
          equivalent: { line: `docker buildx imagetools inspect ${reference}`, note: '' },
        };
      },
      deletePreview: async (registry, repository, tag) => {
        this.#check(`delete-preview ${registry} ${repository} ${tag}`);
        return {
          access: this.access,
          preview: {
            repository,
            tag,
            digest: this.manifest.digest,
            tags: this.sharing,
            complete: true,
          },
          equivalent: {
            line: `curl -X DELETE ${this.access.baseUrl}/v2/${repository}/manifests/${this.manifest.digest}`,
            note: '',
          },
        };
      },
      deleteTag: async (_registry, repository, tag, digest) => {
        this.#check(`delete ${repository} ${tag}`);
        this.deleted.push({ repository, tag, digest });
        this.repositories[repository] = (this.repositories[repository] ?? []).filter(
          (t) => !this.sharing.includes(t),
        );
        return null;
      },
    };
  }
}
