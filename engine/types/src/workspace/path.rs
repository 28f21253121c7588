//! Paths inside a session. Every path that enters through an API is parsed into a [`WsPath`]:
//! relative, `/`-separated, no `.` or `..` components, no NUL, bounded lengths. A `WsPath`
//! therefore cannot name anything outside its session, whatever operation it is used in.

use std::fmt;

/// Longest path, in bytes.
pub const MAX_PATH_BYTES: usize = 4096;
/// Longest component, in bytes (as common filesystems allow).
pub const MAX_COMPONENT_BYTES: usize = 255;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid path {path:?}: {reason}")]
pub struct PathError {
    pub path: String,
    pub reason: &'static str,
}

/// A validated, normalised path relative to the session root; the root itself is empty.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct WsPath(Vec<String>);

impl WsPath {
    /// The session root.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// Parses a path; empty components (`a//b`, a trailing `/`) are dropped.
    pub fn parse(path: &str) -> Result<Self, PathError> {
        let fail = |reason| PathError {
            path: path.chars().take(200).collect(),
            reason,
        };
        if path.len() > MAX_PATH_BYTES {
            return Err(fail("longer than 4096 bytes"));
        }
        if path.contains('\0') {
            return Err(fail("contains a NUL byte"));
        }
        if path.starts_with('/') || path.starts_with('\\') {
            return Err(fail("absolute paths are not allowed"));
        }
        let mut parts = Vec::new();
        for part in path.split('/') {
            match part {
                "" => continue,
                "." | ".." => return Err(fail("'.' and '..' components are not allowed")),
                _ if part.len() > MAX_COMPONENT_BYTES => {
                    return Err(fail("a component is longer than 255 bytes"));
                }
                // A backslash would be a separator to a Windows client exporting the tree.
                _ if part.contains('\\') => return Err(fail("backslashes are not allowed")),
                _ if part.chars().any(char::is_control) => {
                    return Err(fail("control characters are not allowed"));
                }
                // A drive (`C:`) or an alternate data stream to a Windows client.
                _ if part.contains(':') => return Err(fail("colons are not allowed")),
                _ if part.chars().any(invisible) => {
                    return Err(fail(
                        "bidirectional and zero-width characters are not allowed",
                    ));
                }
                _ if reserved_on_windows(part) => {
                    return Err(fail(
                        "a name Windows reserves (CON, NUL, COM1, ...) or ending in a dot or space",
                    ));
                }
                _ => parts.push(part.to_owned()),
            }
        }
        Ok(Self(parts))
    }

    /// Parses a path that must name something below the root.
    pub fn parse_entry(path: &str) -> Result<Self, PathError> {
        let parsed = Self::parse(path)?;
        if parsed.is_root() {
            return Err(PathError {
                path: path.to_owned(),
                reason: "names the session root",
            });
        }
        Ok(parsed)
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    pub fn components(&self) -> &[String] {
        &self.0
    }

    /// The last component (`None` for the root).
    pub fn name(&self) -> Option<&str> {
        self.0.last().map(String::as_str)
    }

    pub fn parent(&self) -> Option<WsPath> {
        (!self.0.is_empty()).then(|| Self(self.0[..self.0.len() - 1].to_vec()))
    }

    pub fn join(&self, name: &str) -> WsPath {
        let mut parts = self.0.clone();
        parts.push(name.to_owned());
        Self(parts)
    }

    /// True if `self` is `other` or below it.
    pub fn starts_with(&self, other: &WsPath) -> bool {
        self.0.starts_with(&other.0)
    }

    /// Every proper ancestor, outermost first, excluding the root.
    pub fn ancestors(&self) -> impl Iterator<Item = WsPath> + '_ {
        (1..self.0.len()).map(|n| Self(self.0[..n].to_vec()))
    }
}

impl fmt::Display for WsPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("/"))
    }
}

/// Characters that change how a name is displayed without being seen: bidirectional controls
/// (`U+202E` turns `txt.exe` into `exe.txt`) and zero-width ones, so names in a review cannot be
/// spoofed.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Names a Windows client cannot create (a device name, with any extension) or silently changes
/// (a trailing dot or space is dropped), so an exported tree would not round-trip there.
fn reserved_on_windows(name: &str) -> bool {
    if name.ends_with('.') || name.ends_with(' ') {
        return true;
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" => true,
        _ => {
            let (prefix, digit) = (upper.get(..3), upper.get(3..));
            matches!(prefix, Some("COM" | "LPT"))
                && matches!(
                    digit,
                    Some("1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³")
                )
        }
    }
}

/// Checks a symbolic link's target: relative, and staying inside the session when resolved from
/// the link's directory, so that a tree extracted anywhere cannot point out of itself.
pub fn check_link_target(link: &WsPath, target: &str) -> Result<(), PathError> {
    let fail = |reason| PathError {
        path: target.chars().take(200).collect(),
        reason,
    };
    if target.is_empty() {
        return Err(fail("a link needs a target"));
    }
    if target.len() > MAX_PATH_BYTES {
        return Err(fail("longer than 4096 bytes"));
    }
    if target.starts_with('/') || target.contains('\\') || target.contains(':') {
        return Err(fail(
            "a link target must be a relative path inside the session",
        ));
    }
    if target.contains('\0') || target.chars().any(|c| c.is_control() || invisible(c)) {
        return Err(fail(
            "control, bidirectional and zero-width characters are not allowed",
        ));
    }
    let mut depth = link.components().len().saturating_sub(1);
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| fail("a link target must not lead outside the session"))?;
            }
            _ => depth += 1,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_separators() {
        assert_eq!(WsPath::parse("a//b/").unwrap().to_string(), "a/b");
        assert!(WsPath::parse("").unwrap().is_root());
    }

    #[test]
    fn rejects_escapes_and_bad_bytes() {
        for bad in [
            "../x",
            "a/../../x",
            "a/./b",
            "/etc/passwd",
            "a\0b",
            "\\x",
            "a\\..\\b",
            "a\nb",
        ] {
            assert!(WsPath::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(WsPath::parse(&"a".repeat(256)).is_err());
        assert!(WsPath::parse(&"a/".repeat(2100)).is_err());
        assert!(WsPath::parse_entry("/").is_err());
    }

    #[test]
    fn m5_windows_drives_reserved_names_and_invisible_characters_are_refused() {
        for bad in [
            "C:/Windows/Temp/x",
            "a/b:stream",
            "CON",
            "docs/aux.txt",
            "com1",
            "LPT9.log",
            "trailing.",
            "trailing ",
            "evil\u{202E}txt.exe",
            "zero\u{200B}width",
            "bom\u{FEFF}",
        ] {
            assert!(WsPath::parse(bad).is_err(), "{bad:?} was accepted");
        }
        for good in [
            "console.log",
            "com10",
            "auxiliary/a.txt",
            "naïve/日本.md",
            "aaé",
            "a.b.c",
        ] {
            assert!(WsPath::parse(good).is_ok(), "{good:?} was refused");
        }
    }

    #[test]
    fn m5_link_targets_stay_inside_the_session() {
        let link = WsPath::parse("a/b/link").unwrap();
        for good in ["c", "../c", "../../c", "./x/../y", "sub/dir/"] {
            assert!(
                check_link_target(&link, good).is_ok(),
                "{good:?} was refused"
            );
        }
        for bad in [
            "/etc/passwd",
            "../../../x",
            "a/../../../../x",
            "C:/x",
            "..\\..\\x",
            "",
        ] {
            assert!(
                check_link_target(&link, bad).is_err(),
                "{bad:?} was accepted"
            );
        }
    }

    #[test]
    fn ancestors_outermost_first() {
        let p = WsPath::parse("a/b/c").unwrap();
        let names: Vec<String> = p.ancestors().map(|a| a.to_string()).collect();
        assert_eq!(names, ["a", "a/b"]);
        assert!(p.starts_with(&WsPath::parse("a/b").unwrap()));
        assert!(!p.starts_with(&WsPath::parse("a/bc").unwrap()));
    }
}
