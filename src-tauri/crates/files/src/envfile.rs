//! A `.env` file chosen by the user, read by `docker run --env-file`'s rules (the rules are
//! runspec's; this module only reads the file, within runspec's size limit).

use crate::read::{read_capped, Capped};
use crate::FileError;
use std::path::Path;
use tugboat_runspec::envfile::{parse_env_file, too_large, EnvLines, MAX_ENV_FILE_BYTES};

/// The variables of the env file at `path`, or, for a file over the limit, no variables and an
/// error line saying so. Errors about the path itself start with "env file: ".
pub async fn read_env_file(path: &Path) -> Result<EnvLines, FileError> {
    Ok(
        match read_capped(path, MAX_ENV_FILE_BYTES, "env file").await? {
            Capped::Whole(bytes) => parse_env_file(&bytes),
            Capped::TooLarge { bytes } => too_large(bytes),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_env_file_is_read_no_further_than_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("app.env");
        std::fs::write(&small, "A=1\n").unwrap();
        let lines = read_env_file(&small).await.unwrap();
        assert_eq!(lines.rows.len(), 1);
        assert!(lines.errors.is_empty());

        let big = dir.path().join("big.env");
        std::fs::write(&big, "A=1\n".repeat(MAX_ENV_FILE_BYTES / 4 + 1)).unwrap();
        let lines = read_env_file(&big).await.unwrap();
        assert!(lines.rows.is_empty());
        assert!(lines.errors[0].contains("at most"), "{:?}", lines.errors);

        let err = read_env_file(dir.path()).await.unwrap_err();
        assert!(err.to_string().starts_with("env file: "), "{err}");
    }
}
