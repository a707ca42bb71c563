#pragma once

#include <functional>
#include <string>
#include <vector>

namespace sitrep {

/// Report N's files while they are being written: a hidden folder `OUTBOX/.sitrep-NNNN.staging`
/// that nobody reads. Its files are moved into the outbox only once N is recorded as issued,
/// so the outbox never shows files of a number that was not issued. Destroyed before
/// `recording()` (an exception, a full disk), it removes the folder and everything in it; from
/// `recording()` on it leaves the folder, since N may be issued: `tidy_outbox` then decides
/// from the store.
class StagedReport {
public:
    /// Creates the staging folder (emptying one a crash left behind).
    StagedReport(const std::string& outbox, int number);
    ~StagedReport();
    StagedReport(const StagedReport&) = delete;
    StagedReport& operator=(const StagedReport&) = delete;

    /// The folder to write the report's files into.
    const std::string& dir() const { return dir_; }

    /// Says that N is about to be recorded: the files must survive whatever happens next.
    void recording() { keep_ = true; }

    /// Moves `files` (paths inside `dir()`, the manifest last) into the outbox, makes the
    /// renames durable and removes the folder. Returns the files' paths in the outbox. If a move
    /// fails, what is left stays staged for `tidy_outbox` to finish.
    std::vector<std::string> publish(const std::vector<std::string>& files);

private:
    std::string outbox_;
    std::string dir_;
    bool keep_ = false;
};

/// Finishes what a crash interrupted in the outbox, before a run or the service starts:
/// the staged files of a report that was recorded are moved into place (the crash came
/// between recording and moving); the staging folder of a number never recorded is removed;
/// so is every `.NAME.tmp-PID` file whose writer is no longer running.
void tidy_outbox(const std::string& outbox, const std::function<bool(int)>& is_recorded);

}  // namespace sitrep
