#pragma once

namespace sitrep {

/// Whether stderr is the stream systemd connected to the journal: JOURNAL_STREAM names its
/// device and inode ("dev:ino"), and is ignored when stderr was redirected elsewhere since.
bool stderr_is_journal();

/// Sets the default logger: time-stamped and coloured lines on stderr, or, when stderr is the
/// journal, lines prefixed with their syslog priority (`<3>` error) so `journalctl -p` works.
void setup_logging();

}  // namespace sitrep
