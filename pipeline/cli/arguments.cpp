#include "pipeline/cli/arguments.h"

#include "pipeline/foundation/errors.h"

namespace sitrep {

std::optional<std::string> Arguments::get(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
}

Arguments parse_arguments(int argc, char** argv, const std::set<std::string>& option_names,
                          const std::set<std::string>& flag_names) {
    Arguments a;
    int i = 1;
    if (i < argc && argv[i][0] != '-') a.command = argv[i++];
    for (; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0) {
            a.positional.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2), value;
        const size_t eq = name.find('=');
        bool inline_value = eq != std::string::npos;
        if (inline_value) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (flag_names.count(name)) {
            if (inline_value) throw UsageError("--" + name + " takes no value");
            a.flags.insert(name);
        } else if (option_names.count(name)) {
            if (!inline_value) {
                if (i + 1 >= argc) throw UsageError("--" + name + " needs a value");
                value = argv[++i];
            }
            a.options[name] = value;
        } else {
            throw UsageError("unknown option --" + name + " (see sitrep --help)");
        }
    }
    return a;
}

}  // namespace sitrep
