//! What runs: the image, the container's name and the command (`docker run [--name N] IMAGE
//! [COMMAND…]`).

use super::{opt, problem, Problems};
use crate::values;

/// The image to run; an empty string when it has a problem.
pub fn image(text: &str, errs: &mut Problems) -> String {
    values::image_reference(text).unwrap_or_else(|m| {
        problem(errs, "image", m);
        String::new()
    })
}

/// The container's name, if one is given (`--name`).
pub fn name(text: &str, errs: &mut Problems) -> Option<String> {
    let n = opt(text)?;
    values::container_name(&n)
        .map_err(|m| problem(errs, "name", m))
        .ok()
}

/// A command as a shell would split it (`sh -c 'echo hi'`), if one is given.
pub fn command(text: &str, field: &str, errs: &mut Problems) -> Option<Vec<String>> {
    let c = opt(text)?;
    shell_words::split(&c)
        .map_err(|_| problem(errs, field, "the command has an unclosed quote"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_part_names_its_field() {
        let mut errs = Problems::new();
        assert_eq!(image("busybox:1", &mut errs), "busybox:1");
        assert_eq!(name("", &mut errs), None);
        assert_eq!(
            command("sh -c 'echo hi'", "command", &mut errs),
            Some(vec!["sh".into(), "-c".into(), "echo hi".into()])
        );
        assert!(errs.is_empty());
        image("", &mut errs);
        name("x", &mut errs);
        command("echo 'open", "command", &mut errs);
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["image", "name", "command"]);
        assert!(errs[0].message.contains("choose an image"));
        assert!(errs[2].message.contains("unclosed quote"));
    }
}
