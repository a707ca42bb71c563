#pragma once

#include <stdexcept>
#include <string>

namespace sitrep {

/// Base of every error sitrep raises; `main` maps the subclasses to sysexits codes.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    /// The process exit code for this error (sysexits.h).
    virtual int exit_code() const { return 70; }
};

/// The command line is wrong: an unknown command or option, a missing argument (EX_USAGE).
class UsageError : public Error {
public:
    using Error::Error;
    int exit_code() const override { return 64; }
};

/// What the command asks for does not exist: a report never issued, a missing file (EX_NOINPUT).
class NotFoundError : public Error {
public:
    using Error::Error;
    int exit_code() const override { return 66; }
};

/// A partner's data cannot be used (EX_DATAERR).
class InputError : public Error {
public:
    using Error::Error;
    int exit_code() const override { return 65; }
};

/// The configuration or a template is wrong (EX_CONFIG).
class ConfigError : public Error {
public:
    using Error::Error;
    int exit_code() const override { return 78; }
};

/// Writing a report, the store or a file failed (EX_IOERR).
class OutputError : public Error {
public:
    using Error::Error;
    int exit_code() const override { return 74; }
};

/// A mail or an upload could not be delivered (EX_TEMPFAIL).
class DeliveryError : public Error {
public:
    using Error::Error;
    int exit_code() const override { return 75; }
};

}  // namespace sitrep
