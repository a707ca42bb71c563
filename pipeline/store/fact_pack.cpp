#include "pipeline/store/fact_pack.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "pipeline/foundation/errors.h"
#include "pipeline/store/compressed_text.h"

namespace sitrep {
namespace {

void put_varint(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

void put_text(std::string& out, std::string_view text) {
    put_varint(out, text.size());
    out.append(text);
}

void put_real(std::string& out, double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
}

// Days before 1970 are negative: zigzag keeps them short.
uint64_t zigzag(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

// Reads a pack front to back; every read checks the bytes left. `what` names the pack
// ("facts kept for submission 12 (...)") in its errors.
class Reader {
public:
    Reader(std::string_view bytes, const std::string& what) : bytes_(bytes), what_(what) {}

    bool done() const { return at_ == bytes_.size(); }

    uint64_t varint() {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const auto byte = static_cast<unsigned char>(take(1)[0]);
            // The tenth byte holds the 64th bit only.
            if (shift == 63 && (byte & 0x7e) != 0) fail("a number longer than 64 bits");
            v |= static_cast<uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) return v;
        }
        fail("a number longer than 64 bits");
    }

    std::string_view text() { return take(varint()); }

    unsigned char byte() { return static_cast<unsigned char>(take(1)[0]); }

    double real() {
        const std::string_view b = take(8);
        uint64_t bits = 0;
        for (int i = 7; i >= 0; --i) bits = (bits << 8) | static_cast<unsigned char>(b[i]);
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }

    int32_t day() {
        const int64_t d = unzigzag(varint());
        if (d < INT32_MIN || d > INT32_MAX) fail("a day out of range");
        return static_cast<int32_t>(d);
    }

private:
    std::string_view take(uint64_t n) {
        if (n > bytes_.size() - at_) fail("fewer bytes than a fact needs");
        const std::string_view out = bytes_.substr(at_, n);
        at_ += n;
        return out;
    }

public:
    [[noreturn]] void fail(const std::string& why) const {
        throw OutputError("the " + what_ + " are damaged at byte " +
                          std::to_string(at_) + " of " + std::to_string(bytes_.size()) + ": " +
                          why);
    }

    std::string_view bytes_;
    const std::string& what_;
    size_t at_ = 0;
};

}  // namespace

void FactPacker::add(uint32_t position, int64_t repeat_of, const Observation& fact,
                     std::string_view breakdown) {
    put_varint(bytes_, position);
    put_varint(bytes_, static_cast<uint64_t>(repeat_of));
    put_text(bytes_, fact.indicator);
    put_text(bytes_, fact.area);
    put_varint(bytes_, zigzag(fact.from.days()));
    put_varint(bytes_, zigzag(fact.to.days()));
    put_text(bytes_, breakdown);
    put_real(bytes_, fact.value);
    bytes_.push_back(static_cast<char>(fact.unit));
    put_text(bytes_, fact.location);
    bytes_.push_back(fact.reported ? 1 : 0);
}

void SubmissionPacks::add(uint32_t position, int64_t repeat_of, const Observation& fact,
                          std::string_view breakdown) {
    if (repeat_of == 0) {
        first_given_.add(position, 0, fact, breakdown);
        return;
    }
    repeats_.add(position, repeat_of, fact, breakdown);
    repeated_.insert(repeat_of);
}

void SubmissionPacks::insert(Database& db, int64_t submission) const {
    const std::string repeated = sequence_list(repeated_);
    Statement& insert = db.kept(
        "INSERT INTO fact_packs (submission, repeated, first_given, repeats) VALUES (?,?,?,?)");
    insert.bind(1, submission);
    insert.bind(2, std::string_view(repeated));
    insert.bind_blob(3, first_given_.bytes());
    insert.bind_blob(4, repeats_.deflated());
    insert.execute();
}

std::string FactPacker::deflated() const { return bytes_.empty() ? "" : deflate_text(bytes_, 1); }

std::vector<PackedFact> unpack_deflated_facts(std::string_view deflated, const std::string& what) {
    if (deflated.empty()) return {};
    std::string bytes;
    try {
        bytes = inflate_text(deflated);
    } catch (const Error& e) {
        throw OutputError("the facts kept for " + what + " are damaged: " + e.what());
    }
    return unpack_facts(bytes, what);
}

std::string sequence_list(const std::set<int64_t>& sequences) {
    std::string out;
    for (const int64_t seq : sequences) {
        if (!out.empty()) out.push_back(',');
        out.append(std::to_string(seq));
    }
    return out;
}

std::vector<int64_t> parse_sequence_list(std::string_view list, const std::string& what) {
    std::vector<int64_t> out;
    for (size_t at = 0; at < list.size();) {
        const size_t comma = std::min(list.find(',', at), list.size());
        int64_t seq = 0;
        const auto [end, error] = std::from_chars(list.data() + at, list.data() + comma, seq);
        if (error != std::errc() || end != list.data() + comma)
            throw OutputError("the facts kept for " + what + " are damaged: '" + std::string(list) +
                              "' is not a list of submissions");
        out.push_back(seq);
        at = comma + 1;
    }
    return out;
}

std::vector<PackedFact> unpack_facts(std::string_view pack, const std::string& what) {
    std::vector<PackedFact> out;
    const std::string named = "facts kept for " + what;
    Reader in(pack, named);
    while (!in.done()) {
        PackedFact& p = out.emplace_back();
        const uint64_t position = in.varint();
        if (position > UINT32_MAX) in.fail("a position out of range");
        p.position = static_cast<uint32_t>(position);
        p.repeat_of = static_cast<int64_t>(in.varint());
        Observation& o = p.fact;
        o.indicator = in.text();
        o.area = in.text();
        o.from = Date(in.day());
        o.to = Date(in.day());
        o.breakdown = parse_breakdown_key(std::string(in.text()));
        o.value = in.real();
        const unsigned char unit = in.byte();
        if (unit > static_cast<unsigned char>(Unit::kShare))
            in.fail("unit " + std::to_string(unit) + ", which sitrep does not know");
        o.unit = static_cast<Unit>(unit);
        o.location = in.text();
        o.reported = in.byte() != 0;
    }
    return out;
}

std::string fact_key(const Observation& f, std::string_view breakdown) {
    std::string key = f.indicator + '\x1f' + f.area + '\x1f' + std::to_string(f.from.days()) +
                      '\x1f' + std::to_string(f.to.days()) + '\x1f';
    key.append(breakdown);
    return key + '\x1f' + std::to_string(static_cast<int>(f.unit));
}

int64_t latest_month(Date from) { return int64_t{from.year()} * 12 + from.month() - 1; }

std::string pack_latest_values(std::vector<std::pair<std::string, LatestValue>> values) {
    std::sort(values.begin(), values.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out;
    for (const auto& [key, latest] : values) {
        put_text(out, key);
        put_varint(out, static_cast<uint64_t>(latest.submission));
        put_real(out, latest.value);
        out.push_back(latest.reported ? 1 : 0);
    }
    return out;
}

std::vector<std::pair<std::string, LatestValue>> unpack_latest_values(std::string_view pack,
                                                                      const std::string& what) {
    std::vector<std::pair<std::string, LatestValue>> out;
    const std::string named = "latest values kept for " + what;
    Reader in(pack, named);
    while (!in.done()) {
        auto& [key, latest] = out.emplace_back();
        key = in.text();
        latest.submission = static_cast<int64_t>(in.varint());
        latest.value = in.real();
        latest.reported = in.byte() != 0;
    }
    return out;
}

}  // namespace sitrep
