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
    fn ancestors_outermost_first() {
        let p = WsPath::parse("a/b/c").unwrap();
        let names: Vec<String> = p.ancestors().map(|a| a.to_string()).collect();
        assert_eq!(names, ["a", "a/b"]);
        assert!(p.starts_with(&WsPath::parse("a/b").unwrap()));
        assert!(!p.starts_with(&WsPath::parse("a/bc").unwrap()));
    }
}
