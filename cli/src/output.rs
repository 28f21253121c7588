//! Rendering for people (tables, local times) and for scripts (JSON), and log set-up.

use chrono::{DateTime, Local, TimeZone};

/// Logs go to stderr, filtered by `RUST_LOG` (default `default`).
pub fn init_logging(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Milliseconds since the epoch as RFC 3339 in UTC, for JSON.
pub fn rfc3339(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// Milliseconds since the epoch as local time, for tables.
pub fn local(ms: i64) -> String {
    match Local.timestamp_millis_opt(ms).single() {
        Some(t) => t.format("%Y-%m-%d %H:%M:%S%.3f").to_string(),
        None => "-".into(),
    }
}

/// An RFC 3339 timestamp from the server as local time, for tables; unparsable text as is.
pub fn local_rfc3339(text: &str) -> String {
    match DateTime::parse_from_rfc3339(text) {
        Ok(t) => t
            .with_timezone(&Local)
            .format("%Y-%m-%d %H:%M:%S%.3f")
            .to_string(),
        Err(_) => text.to_owned(),
    }
}

/// A byte count as people read it: `512 B`, `1.5 KiB`, `3.0 MiB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Text from the server made safe to print: control characters (escape sequences, carriage
/// returns, newlines) and bidirectional overrides are shown escaped instead of acting on the
/// terminal, so what a workflow or an agent wrote (an approval's reason, detail or comment)
/// cannot rewrite what the person reading it sees.
pub fn printable(text: &str) -> String {
    escape_controls(text, &[])
}

/// [`printable`] for text shown on lines of its own, such as an approval's detail: newlines
/// and tabs stay.
pub fn printable_block(text: &str) -> String {
    escape_controls(text, &['\n', '\t'])
}

fn escape_controls(text: &str, keep: &[char]) -> String {
    let unsafe_char = |c: char| {
        (c.is_control() && !keep.contains(&c))
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// At most `max` characters of `text`, with `…` when cut, for a table cell.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A plain text table: a header row and left-aligned columns. Every cell is [`printable`]: a
/// table shows what the server holds (labels, names, messages), which anyone could have written.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| printable(cell)).collect())
        .collect();
    let rows = &rows;
    let mut widths: Vec<usize> = headers.iter().map(|h| h.len()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                out.push_str(cell);
                out.push_str(&" ".repeat(pad + 2));
            }
        }
        out.trim_end().to_owned()
    };
    let mut out = line(headers.to_vec());
    out.push('\n');
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

pub fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn tables_escape_what_the_server_sent() {
        let out = super::table(
            &["ID", "LABELS"],
            &[vec!["s1".into(), "x=\u{1b}]0;pwned\u{7}\r\u{202e}".into()]],
        );
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\r'));
        assert!(!out.contains('\u{202e}'), "{out}");
        assert!(out.contains("\\u{1b}]0;pwned"), "{out}");
    }

    use super::*;

    #[test]
    fn tables_align_columns() {
        let out = table(
            &["ID", "STATE"],
            &[vec!["a-long-id".into(), "RUNNING".into()]],
        );
        assert_eq!(out, "ID         STATE\na-long-id  RUNNING\n");
    }

    #[test]
    fn byte_counts_read_naturally() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(1023), "1023 B");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes(3 << 20), "3.0 MiB");
    }

    #[test]
    fn server_timestamps_that_do_not_parse_are_shown_as_they_are() {
        assert_eq!(local_rfc3339("soon"), "soon");
        assert_eq!(local_rfc3339("1970-01-01T00:00:00.000Z"), local(0));
    }

    #[test]
    fn text_from_the_server_cannot_drive_the_terminal() {
        assert_eq!(printable("deploy"), "deploy");
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("one\ntwo\r"), "one\\ntwo\\r");
        assert_eq!(printable("ok\u{202e}kO"), "ok\\u{202e}kO");
        assert_eq!(printable_block("one\n\ttwo\u{7}"), "one\n\ttwo\\u{7}");
    }

    #[test]
    fn clipped_cells_say_they_were_cut() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("ééééé", 5), "ééééé");
    }

    #[test]
    fn timestamps_render_in_utc_for_json() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
    }
}
