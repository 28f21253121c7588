/// Wall-clock time in milliseconds since the Unix epoch. Persisted timestamps, timer deadlines
/// and lease times all use it, so that they mean the same thing after a restart.
pub type Millis = i64;

pub fn now_millis() -> Millis {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}
