//! What a registry holds, read through its API (`registry::api`): the repositories (catalog),
//! a repository's tags, a tag's manifest with its platforms and layers (what a pull would
//! bring), and deleting a tag's manifest after listing every tag that shares it.

use super::api::{read_capped, status_error, RegistryClient, RegistryError, BODY_CAP};
use futures_util::{StreamExt, TryStreamExt};
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use tugboat_runspec::registry_api_spec::media;

/// How many names a list reads at most (a page asks for [`PAGE`]): enough for any registry a
/// person browses; past it the list says it is not complete.
pub const LIST_LIMIT: usize = 10_000;
const PAGE: usize = 1000;
/// The platforms of an index whose manifests are read (each one more request).
const PLATFORM_LIMIT: usize = 32;

/// A registry's repositories (`GET /v2/_catalog`, all pages).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RepositoryList {
    pub repositories: Vec<String>,
    /// False when the registry has more than were read.
    pub complete: bool,
}

/// A repository's tags (`GET /v2/<name>/tags/list`, all pages up to the limit asked).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TagList {
    pub repository: String,
    pub tags: Vec<String>,
    pub complete: bool,
}

/// One layer as the manifest lists it: compressed, as it is downloaded.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RemoteLayer {
    pub digest: String,
    /// Compressed bytes.
    pub size: f64,
    pub media_type: String,
}

/// One image of a manifest (the only one, or one platform of a list/index).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RemotePlatform {
    pub os: String,
    pub architecture: String,
    pub variant: Option<String>,
    /// This image's manifest digest (for a list: the child's, pullable as name@digest).
    pub digest: String,
    pub media_type: String,
    pub layers: Vec<RemoteLayer>,
    /// The layers' compressed sizes added up: what a pull downloads at most.
    pub compressed_size: f64,
    /// From the image's config (one more request; single-image manifests only).
    pub created: Option<String>,
    /// A build attestation (provenance, SBOM) stored beside the images, not a runnable image.
    pub attestation: bool,
    /// Why this platform's layers are missing (not read: over the limit, or its fetch failed).
    pub unread: Option<String>,
}

/// A tag's (or digest's) manifest, read for people.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RemoteManifest {
    pub repository: String,
    /// The tag or digest asked for.
    pub reference: String,
    pub digest: String,
    pub media_type: String,
    /// The media type in words.
    pub kind: String,
    /// True for a manifest list / OCI index (one image per platform).
    pub multi_platform: bool,
    pub platforms: Vec<RemotePlatform>,
}

/// What deleting a tag would remove: its manifest digest, and every tag that points at it
/// (deleting by digest removes them all).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TagDeletePreview {
    pub repository: String,
    pub tag: String,
    pub digest: String,
    /// Every tag of the repository on that digest, `tag` among them, sorted.
    pub tags: Vec<String>,
    /// False when the repository has more tags than were checked.
    pub complete: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawManifest {
    media_type: Option<String>,
    config: Option<RawDescriptor>,
    #[serde(default)]
    layers: Vec<RawDescriptor>,
    #[serde(default)]
    manifests: Vec<RawDescriptor>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawDescriptor {
    media_type: Option<String>,
    digest: String,
    #[serde(default)]
    size: u64,
    platform: Option<RawPlatform>,
    #[serde(default)]
    annotations: HashMap<String, String>,
}

#[derive(Deserialize)]
struct RawPlatform {
    os: String,
    architecture: String,
    variant: Option<String>,
}

#[derive(Deserialize)]
struct RawConfig {
    created: Option<String>,
    architecture: Option<String>,
    os: Option<String>,
    variant: Option<String>,
}

fn repository_scope(path: &str, actions: &str) -> String {
    format!("repository:{path}:{actions}")
}

/// A repository path as the API takes it: each segment is `[a-z0-9._-]`, so nothing needs
/// escaping once checked.
fn checked_path(path: &str) -> Result<&str, RegistryError> {
    let ok = !path.is_empty()
        && path.split('/').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        });
    if ok {
        Ok(path)
    } else {
        Err(RegistryError::InvalidInput(format!(
            "repository: `{path}` is not a repository path: lowercase letters, digits, `.`, `_` and `-`, in parts joined by `/`"
        )))
    }
}

/// A tag or digest as the API takes it.
fn checked_reference(reference: &str) -> Result<&str, RegistryError> {
    let tag_ok = !reference.is_empty()
        && reference.len() <= 128
        && reference
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    let digest_ok = reference.split_once(':').is_some_and(|(a, h)| {
        !a.is_empty()
            && a.chars().all(|c| c.is_ascii_alphanumeric())
            && !h.is_empty()
            && h.chars().all(|c| c.is_ascii_hexdigit())
    });
    if tag_ok || digest_ok {
        Ok(reference)
    } else {
        Err(RegistryError::InvalidInput(format!(
            "tag: `{reference}` is neither a tag (letters, digits, `_`, `.`, `-`) nor a digest (sha256:…)"
        )))
    }
}

impl RegistryClient {
    /// `GET /v2/_catalog`, every page (up to [`LIST_LIMIT`] names).
    pub async fn catalog(&self) -> Result<RepositoryList, RegistryError> {
        self.catalog_in_pages(PAGE, LIST_LIMIT).await
    }

    /// [`RegistryClient::catalog`], asking for `page` names a request (each next page from the
    /// `Link` header), up to `limit` names.
    pub async fn catalog_in_pages(
        &self,
        page: usize,
        limit: usize,
    ) -> Result<RepositoryList, RegistryError> {
        let page = page.max(1);
        let (repositories, complete) = self
            .paged_names(
                &format!("/v2/_catalog?n={page}"),
                "registry:catalog:*",
                "repositories",
                "the repository list (catalog)",
                limit,
            )
            .await?;
        Ok(RepositoryList {
            repositories,
            complete,
        })
    }

    /// `GET /v2/<path>/tags/list`, pages until `limit` tags.
    pub async fn tags(&self, path: &str, limit: usize) -> Result<TagList, RegistryError> {
        self.tags_in_pages(path, limit.clamp(1, PAGE), limit).await
    }

    /// [`RegistryClient::tags`], asking for `page` tags a request (each next page from the
    /// `Link` header).
    pub async fn tags_in_pages(
        &self,
        path: &str,
        page: usize,
        limit: usize,
    ) -> Result<TagList, RegistryError> {
        let path = checked_path(path)?;
        let page = page.max(1);
        let (tags, complete) = self
            .paged_names(
                &format!("/v2/{path}/tags/list?n={page}"),
                &repository_scope(path, "pull"),
                "tags",
                &format!("repository {path}"),
                limit,
            )
            .await?;
        Ok(TagList {
            repository: path.to_owned(),
            tags,
            complete,
        })
    }

    /// Fetches one manifest: its body, media type and digest. The digest is the registry's
    /// `Docker-Content-Digest`, else the sha256 of the body; asked for by digest, the body must
    /// hash to it.
    async fn manifest_raw(
        &self,
        path: &str,
        reference: &str,
    ) -> Result<(Vec<u8>, String, String), RegistryError> {
        let response = self
            .send(
                Method::GET,
                &format!("/v2/{path}/manifests/{reference}"),
                &repository_scope(path, "pull"),
                Some(&media::accept()),
            )
            .await?;
        if !response.status().is_success() {
            return Err(status_error(
                &self.access().registry,
                &format!("manifest {path}:{reference}"),
                response,
            )
            .await);
        }
        let header_type = content_type(response.headers());
        let header_digest = content_digest(response.headers());
        let body = read_capped(response, BODY_CAP).await?;
        let computed = format!("sha256:{}", hex::encode(Sha256::digest(&body)));
        if reference.starts_with("sha256:") && reference != computed {
            return Err(RegistryError::Protocol(format!(
                "the manifest {reference} the registry sent hashes to {computed}: refused"
            )));
        }
        let digest = header_digest.unwrap_or(computed);
        let media_type = header_type
            .filter(|t| media::is_known(t))
            .or_else(|| {
                serde_json::from_slice::<RawManifest>(&body)
                    .ok()
                    .and_then(|m| m.media_type)
            })
            .unwrap_or_default();
        Ok((body, media_type, digest))
    }

    /// A tag's (or digest's) manifest, read for people: for a list or index, each platform's
    /// own manifest is fetched too (its layers and compressed size); for a single image, its
    /// config (created, platform).
    pub async fn manifest(
        &self,
        path: &str,
        reference: &str,
    ) -> Result<RemoteManifest, RegistryError> {
        let path = checked_path(path)?;
        let reference = checked_reference(reference)?;
        let (body, media_type, digest) = self.manifest_raw(path, reference).await?;
        if !media::is_known(&media_type) {
            return Err(RegistryError::Protocol(format!(
                "{path}:{reference} has a manifest of type `{media_type}`, which Tugboat does not read (only Docker schema 2 and OCI)"
            )));
        }
        let raw: RawManifest = parse(&body, "the manifest")?;
        let multi_platform = media::is_index(&media_type);
        let platforms = if multi_platform {
            let children =
                raw.manifests
                    .into_iter()
                    .enumerate()
                    .map(|(i, d)| async move {
                        self.platform_of_child(path, d, i < PLATFORM_LIMIT).await
                    });
            futures_util::stream::iter(children)
                .buffered(4)
                .try_collect()
                .await?
        } else {
            vec![
                self.single_platform(path, &raw, &media_type, &digest)
                    .await?,
            ]
        };
        Ok(RemoteManifest {
            repository: path.to_owned(),
            reference: reference.to_owned(),
            digest,
            kind: media::describe(&media_type).to_owned(),
            media_type,
            multi_platform,
            platforms,
        })
    }

    async fn single_platform(
        &self,
        path: &str,
        raw: &RawManifest,
        media_type: &str,
        digest: &str,
    ) -> Result<RemotePlatform, RegistryError> {
        let layers = layers_of(raw);
        let config = match &raw.config {
            Some(c) => self.config(path, &c.digest).await.ok(),
            None => None,
        };
        let (os, architecture, variant, created) = match config {
            Some(c) => (
                c.os.unwrap_or_default(),
                c.architecture.unwrap_or_default(),
                c.variant,
                c.created,
            ),
            None => Default::default(),
        };
        Ok(RemotePlatform {
            os,
            architecture,
            variant,
            digest: digest.to_owned(),
            media_type: media_type.to_owned(),
            compressed_size: layers.iter().map(|l| l.size).sum(),
            layers,
            created,
            attestation: false,
            unread: None,
        })
    }

    async fn platform_of_child(
        &self,
        path: &str,
        d: RawDescriptor,
        read: bool,
    ) -> Result<RemotePlatform, RegistryError> {
        let attestation = d
            .annotations
            .get("vnd.docker.reference.type")
            .is_some_and(|t| t == "attestation-manifest")
            || d.platform.as_ref().is_some_and(|p| p.os == "unknown");
        let (os, architecture, variant) = d
            .platform
            .map(|p| (p.os, p.architecture, p.variant))
            .unwrap_or_default();
        let mut platform = RemotePlatform {
            os,
            architecture,
            variant,
            digest: d.digest.clone(),
            media_type: d.media_type.unwrap_or_default(),
            layers: Vec::new(),
            compressed_size: 0.0,
            created: None,
            attestation,
            unread: None,
        };
        if attestation {
            return Ok(platform);
        }
        if !read {
            platform.unread = Some(format!(
                "not read: only the first {PLATFORM_LIMIT} platforms are"
            ));
            return Ok(platform);
        }
        match self.manifest_raw(path, &d.digest).await {
            Ok((body, _, _)) => {
                let child: RawManifest = parse(&body, "a platform's manifest")?;
                platform.layers = layers_of(&child);
                platform.compressed_size = platform.layers.iter().map(|l| l.size).sum();
            }
            // The registry holds the list but not this platform's image (a partial mirror).
            Err(RegistryError::NotFound(m)) => platform.unread = Some(m),
            Err(e) => return Err(e),
        }
        Ok(platform)
    }

    async fn config(&self, path: &str, digest: &str) -> Result<RawConfig, RegistryError> {
        let response = self
            .send(
                Method::GET,
                &format!("/v2/{path}/blobs/{digest}"),
                &repository_scope(path, "pull"),
                None,
            )
            .await?;
        if !response.status().is_success() {
            return Err(status_error(&self.access().registry, "the image config", response).await);
        }
        parse(&read_capped(response, BODY_CAP).await?, "the image config")
    }

    /// The manifest digest a tag points at (`HEAD`, which Docker Hub does not count as a pull).
    pub async fn tag_digest(&self, path: &str, tag: &str) -> Result<String, RegistryError> {
        let path = checked_path(path)?;
        let tag = checked_reference(tag)?;
        let response = self
            .send(
                Method::HEAD,
                &format!("/v2/{path}/manifests/{tag}"),
                &repository_scope(path, "pull"),
                Some(&media::accept()),
            )
            .await?;
        if !response.status().is_success() {
            return Err(status_error(
                &self.access().registry,
                &format!("tag {path}:{tag}"),
                response,
            )
            .await);
        }
        match content_digest(response.headers()) {
            Some(d) => Ok(d),
            // Without the header, the digest is the body's hash.
            None => Ok(self.manifest_raw(path, tag).await?.2),
        }
    }

    /// What deleting `tag` removes: its digest and every tag on that digest.
    pub async fn delete_preview(
        &self,
        path: &str,
        tag: &str,
    ) -> Result<TagDeletePreview, RegistryError> {
        let digest = self.tag_digest(path, tag).await?;
        let all = self.tags(path, LIST_LIMIT).await?;
        let digests: Vec<(String, Option<String>)> =
            futures_util::stream::iter(all.tags.into_iter().map(|t| async move {
                let d = self.tag_digest(path, &t).await;
                match d {
                    Ok(d) => Ok((t, Some(d))),
                    // A tag deleted meanwhile shares nothing.
                    Err(RegistryError::NotFound(_)) => Ok((t, None)),
                    Err(e) => Err(e),
                }
            }))
            .buffered(8)
            .try_collect()
            .await?;
        let mut tags: Vec<String> = digests
            .into_iter()
            .filter(|(_, d)| d.as_deref() == Some(digest.as_str()))
            .map(|(t, _)| t)
            .collect();
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
        tags.sort();
        Ok(TagDeletePreview {
            repository: path.to_owned(),
            tag: tag.to_owned(),
            digest,
            tags,
            complete: all.complete,
        })
    }

    /// Deletes the manifest `tag` points at, only if it still is `seen_digest` (what the user
    /// was shown): `DELETE /v2/<path>/manifests/<digest>`. Every tag on that digest goes.
    pub async fn delete_tag(
        &self,
        path: &str,
        tag: &str,
        seen_digest: &str,
    ) -> Result<(), RegistryError> {
        let now = self.tag_digest(path, tag).await?;
        if now != seen_digest {
            return Err(RegistryError::Changed(format!(
                "{path}:{tag} now points at {now}, not {seen_digest} as shown: nothing was deleted; look again"
            )));
        }
        let response = self
            .send(
                Method::DELETE,
                &format!("/v2/{path}/manifests/{now}"),
                &repository_scope(path, "delete"),
                None,
            )
            .await?;
        if !response.status().is_success() {
            return Err(status_error(
                &self.access().registry,
                &format!("manifest {path}@{now}"),
                response,
            )
            .await);
        }
        tracing::info!(registry = %self.access().registry, repository = path, tag, digest = %now, "deleted a manifest");
        Ok(())
    }
}

fn layers_of(raw: &RawManifest) -> Vec<RemoteLayer> {
    raw.layers
        .iter()
        .map(|l| RemoteLayer {
            digest: l.digest.clone(),
            size: l.size as f64,
            media_type: l.media_type.clone().unwrap_or_default(),
        })
        .collect()
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8], what: &str) -> Result<T, RegistryError> {
    serde_json::from_slice(body)
        .map_err(|e| RegistryError::Protocol(format!("{what} could not be read: {e}")))
}

fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or(v).trim().to_owned())
}

fn content_digest(headers: &HeaderMap) -> Option<String> {
    headers
        .get("docker-content-digest")
        .and_then(|v| v.to_str().ok())
        .map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_references_are_checked_before_a_request() {
        assert!(checked_path("team/app").is_ok());
        assert!(checked_path("library/busybox").is_ok());
        for bad in ["", "a//b", "A", "a/../b?x", "a b"] {
            let e = checked_path(bad);
            if bad == "a/../b?x" {
                assert!(e.is_err());
                continue;
            }
            assert!(
                matches!(e, Err(RegistryError::InvalidInput(m)) if m.starts_with("repository:")),
                "{bad}"
            );
        }
        assert!(checked_reference("1.0-rc_1").is_ok());
        assert!(checked_reference("sha256:abcdef0123").is_ok());
        assert!(
            matches!(checked_reference("a/b"), Err(RegistryError::InvalidInput(m)) if m.starts_with("tag:"))
        );
    }

    #[test]
    fn an_index_lists_platforms_and_marks_attestations() {
        let body = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:aa","size":1,"platform":{"os":"linux","architecture":"arm","variant":"v7"}},
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:bb","size":1,"platform":{"os":"unknown","architecture":"unknown"},"annotations":{"vnd.docker.reference.type":"attestation-manifest"}}]}"#;
        let raw: RawManifest = parse(body, "x").unwrap();
        assert_eq!(raw.manifests.len(), 2);
        assert_eq!(
            raw.manifests[0]
                .platform
                .as_ref()
                .unwrap()
                .variant
                .as_deref(),
            Some("v7")
        );
        let single = br#"{"schemaVersion":2,"config":{"digest":"sha256:c","size":5},"layers":[{"digest":"sha256:l1","size":10},{"digest":"sha256:l2","size":32}]}"#;
        let raw: RawManifest = parse(single, "x").unwrap();
        let layers = layers_of(&raw);
        assert_eq!(layers.iter().map(|l| l.size).sum::<f64>(), 42.0);
    }
}
