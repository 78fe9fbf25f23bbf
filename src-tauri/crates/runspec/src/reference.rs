//! Image references, parsed once for every command that names an image (`docker run`'s image,
//! `docker commit`'s new name, and later pull, push, tag and build): the engine's grammar
//! `[registry[:port]/]path[:tag][@digest]`, each path part lowercase letters and digits joined
//! by `.`, `_`, `__` or dashes (`nginx`, `library/nginx:1.27`, `localhost:5000/team/app:dev`,
//! `busybox@sha256:…`).

/// A reference split into its parts. `repository` keeps its registry host (`localhost:5000/app`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageReference<'a> {
    pub repository: &'a str,
    pub tag: Option<&'a str>,
    /// `sha256:…`, without the `@`.
    pub digest: Option<&'a str>,
}

impl<'a> ImageReference<'a> {
    /// Reads a reference (already trimmed by the caller, who says what an empty one means), or
    /// says which part is wrong and what would be valid.
    pub fn parse(r: &'a str) -> Result<ImageReference<'a>, String> {
        if r.is_empty() {
            return Err("an image name is needed, such as busybox or nginx:1.27".into());
        }
        if let Some(bad) = r.chars().find(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "image `{}` may not contain spaces or control characters ({bad:?})",
                r.escape_debug()
            ));
        }
        let (name_tag, digest) = match r.split_once('@') {
            Some((n, d)) => (n, Some(d)),
            None => (r, None),
        };
        if let Some(d) = digest {
            let ok = d.split_once(':').is_some_and(|(alg, hex)| {
                !alg.is_empty()
                    && alg
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+._-".contains(c))
                    && hex.len() >= 32
                    && hex.chars().all(|c| c.is_ascii_hexdigit())
            });
            if !ok {
                return Err(format!(
                    "`@{d}` is not a digest: write it as sha256: followed by 64 hex digits"
                ));
            }
        }
        // A tag is after the last `:` that comes after the last `/` (a registry port comes
        // before).
        let slash = name_tag.rfind('/').map(|i| i + 1).unwrap_or(0);
        let (name, tag) = match name_tag[slash..].rfind(':') {
            Some(i) => (&name_tag[..slash + i], Some(&name_tag[slash + i + 1..])),
            None => (name_tag, None),
        };
        if let Some(t) = tag {
            let ok = !t.is_empty()
                && t.len() <= 128
                && t.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
            if !ok {
                return Err(format!(
                    "`:{t}` is not a tag: up to 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`"
                ));
            }
        }
        let mut parts: Vec<&str> = name.split('/').collect();
        // The first part is a registry when it looks like a host: it has a `.` or a `:`, or is
        // localhost.
        if parts.len() > 1 && (parts[0].contains(['.', ':']) || parts[0] == "localhost") {
            let host = parts.remove(0);
            let ok = host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
                && host.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '[');
            if !ok {
                return Err(format!("`{host}` is not a registry address"));
            }
        }
        for part in parts {
            if !path_component(part) {
                return Err(format!(
                    "`{part}` in image `{r}` is not valid: use lowercase letters and digits, joined by `.`, `_` or `-`, starting and ending with a letter or digit"
                ));
            }
        }
        Ok(ImageReference {
            repository: name,
            tag,
            digest,
        })
    }
}

/// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
fn path_component(part: &str) -> bool {
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let b = part.as_bytes();
    if b.is_empty() || !alnum(b[0] as char) || !alnum(b[b.len() - 1] as char) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i] as char;
        if alnum(c) {
            i += 1;
            continue;
        }
        // A separator run: ".", "_", "__" or any number of "-".
        let start = i;
        while i < b.len() && !alnum(b[i] as char) {
            i += 1;
        }
        let sep = &part[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.chars().all(|c| c == '-');
        if !ok {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(r: &str) -> (&str, Option<&str>, Option<&str>) {
        let p = ImageReference::parse(r).unwrap();
        (p.repository, p.tag, p.digest)
    }

    #[test]
    fn a_registry_port_is_not_a_tag() {
        assert_eq!(parts("app:1.0"), ("app", Some("1.0"), None));
        assert_eq!(
            parts("localhost:5000/team/app"),
            ("localhost:5000/team/app", None, None)
        );
        assert_eq!(
            parts("localhost:5000/app:dev"),
            ("localhost:5000/app", Some("dev"), None)
        );
        let digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assert_eq!(
            parts(&format!("busybox:1@{digest}")),
            ("busybox", Some("1"), Some(digest))
        );
    }

    #[test]
    fn each_wrong_part_is_named() {
        for (bad, says) in [
            ("", "image name is needed"),
            ("Nginx", "lowercase"),
            ("nginx:", "not a tag"),
            ("nginx@sha256:xyz", "not a digest"),
            ("a__-b", "is not valid"),
            ("bad_host!.com/x", "not a registry"),
        ] {
            let err = ImageReference::parse(bad).unwrap_err();
            assert!(err.contains(says), "{bad:?}: {err}");
        }
    }
}
