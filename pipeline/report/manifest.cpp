#include "pipeline/report/manifest.h"

#include <Poco/JSON/Array.h>
#include <algorithm>
#include <set>
#include <cmath>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "pipeline/foundation/errors.h"
#include "pipeline/report/json_writer.h"
#include "pipeline/report/source_spans.h"

namespace sitrep {

std::string as_of_text(const Figure& f) {
    if (f.kind == Kind::kStock && f.from && f.to && *f.from == f.from->first_of_month() &&
        *f.to == f.from->last_of_month())
        return f.from->iso_month();
    return f.as_of.iso();
}

namespace {

void write_finding(JsonWriter& w, const Finding& f, bool with_sources) {
    w.begin_object();
    w.string("kind", f.kind).string("severity", to_string(f.severity));
    if (f.feed.empty()) w.null("feed");
    else w.string("feed", f.feed);
    w.string("indicator", f.indicator).string("area", f.area);
    if (f.breakdown.empty()) w.null("breakdown");
    else w.string("breakdown", f.breakdown);
    w.string("period", f.period).string("message", f.message);
    w.number("expected", f.expected).number("actual", f.actual);
    w.string("news", f.news).number("since", f.since);
    if (with_sources) {
        w.begin_array("sources");
        for (const auto& s : f.sources) w.string("", s);
        w.end_array();
    }
    w.end_object();
}

}  // namespace

std::string manifest_json(const Report& r) { return manifest_json(r, {}); }

std::string manifest_json(const Report& r, const std::vector<ReportOutput>& outputs) {
    return manifest_json(r, outputs, split_sources(r));
}

std::string manifest_json(const Report& r, const std::vector<ReportOutput>& outputs,
                          const std::vector<FigureSources>& split) {
    if (split.size() != r.figures.size())
        throw OutputError("manifest of report " + std::to_string(r.number) + ": sources for " +
                          std::to_string(split.size()) + " figures, but it has " +
                          std::to_string(r.figures.size()));
    JsonWriter w;
    w.begin_object();
    w.number("number", r.number).string("kind", r.kind);
    if (!r.reason.empty()) w.string("reason", r.reason);
    w.string("issued_at", r.issued_at).string("as_of", r.as_of.iso());
    w.string("classification", r.classification);
    if (!r.next_report.empty()) w.string("next_report", r.next_report);
    if (r.previous_number) w.number("previous_report", r.previous_number);
    else w.null("previous_report");

    w.begin_array("inputs");
    for (const auto& in : r.inputs) {
        w.begin_object();
        w.string("file", in.file).string("sha256", in.sha256).string("partner", in.partner);
        w.string("feed", in.feed).string("status", in.status);
        if (in.error.empty()) w.null("error");
        else w.string("error", in.error);
        w.string("received_at", in.received_at);
        if (in.reference_date) w.string("reference_date", in.reference_date->iso());
        else w.null("reference_date");
        w.number("bytes", static_cast<double>(in.bytes));
        w.boolean("new", in.is_new);
        w.end_object();
    }
    w.end_array();

    w.begin_array("figures");
    for (size_t i = 0; i < r.figures.size(); ++i) {
        const Figure& f = r.figures[i];
        const FigureSources& sources = split[i];
        w.begin_object();
        w.string("indicator", f.indicator).string("area", f.area);
        if (!f.breakdown.empty()) {
            w.begin_object("breakdown");
            for (const auto& [k, v] : f.breakdown) w.string(k, v);
            w.end_object();
        }
        w.number("value", f.value);
        w.string("unit", f.unit == Unit::kShare ? "share" : "count");
        w.string("kind", f.kind == Kind::kFlow ? "flow" : "stock");
        w.string("as_of", as_of_text(f));
        if (f.kind == Kind::kFlow && f.from) w.string("from", f.from->iso());
        else w.null("from");
        if (f.kind == Kind::kFlow && f.to) w.string("to", f.to->iso());
        else w.null("to");
        w.string("status", f.status);
        if (f.previous) {
            w.number("previous", *f.previous);
            w.number("change", f.value - *f.previous);
        } else {
            w.null("previous");
            w.null("change");
        }
        w.begin_array("sources");
        for (const auto& s : sources.listed) w.string("", s);
        w.end_array();
        if (!sources.spans.empty()) {
            w.begin_array("source_feeds");
            for (const auto& span : sources.spans) {
                w.begin_object();
                w.string("feed", span.feed).string("partner", span.partner);
                w.string("from", span.from.iso()).string("to", span.to.iso());
                w.number("files", static_cast<double>(span.files));
                w.end_object();
            }
            w.end_array();
        }
        w.begin_array("locations");
        for (const auto& l : sources.locations) w.string("", l);
        w.end_array();
        w.end_object();
    }
    w.end_array();

    w.begin_array("findings");
    for (const auto& f : r.findings) write_finding(w, f, true);
    w.end_array();
    w.begin_array("cleared");
    for (const auto& f : r.cleared) write_finding(w, f, false);
    w.end_array();

    w.begin_array("notes");
    for (const auto& n : r.notes) {
        w.begin_object();
        w.string("domain", n.domain).string("lang", n.lang).string("source", n.source);
        w.string("date", n.date).string("title", n.title);
        w.boolean("new", n.is_new);
        w.end_object();
    }
    w.end_array();

    w.begin_array("partners");
    for (const auto& p : r.partners) {
        w.begin_object();
        w.string("partner", p.partner);
        if (p.feed.empty()) w.null("feed");
        else w.string("feed", p.feed);
        w.string("state", p.state);
        if (p.every_days) w.number("every_days", p.every_days);
        else w.null("every_days");
        if (p.last_as_of) w.string("last_as_of", p.last_as_of->iso());
        else w.null("last_as_of");
        w.string("last_file", p.last_file);
        w.end_object();
    }
    w.end_array();
    if (!outputs.empty()) {
        w.begin_array("outputs");
        for (const auto& o : outputs) {
            w.begin_object();
            w.string("kind", o.kind).string("lang", o.lang).string("file", o.file);
            if (o.copy_of.empty()) w.null("copy_of");
            else w.string("copy_of", o.copy_of);
            w.end_object();
        }
        w.end_array();
    }
    w.end_object();
    return w.str() + "\n";
}

std::map<std::string, double> published_values(const std::vector<Figure>& figures) {
    std::map<std::string, double> out;
    for (const auto& f : figures) {
        if (!std::isfinite(f.value)) continue;  // written as null: nothing to compare with
        // Only what the key is made of: a flow's sources and locations run to thousands.
        Figure keyed;
        keyed.indicator = f.indicator;
        keyed.area = f.area;
        keyed.unit = f.unit;
        keyed.breakdown = f.breakdown;
        std::sort(keyed.breakdown.begin(), keyed.breakdown.end());
        out[figure_key(keyed)] = f.value;
    }
    return out;
}

std::vector<Figure> read_manifest_figures(const std::string& manifest) {
    std::vector<Figure> out;
    try {
        auto root = Poco::JSON::Parser().parse(manifest).extract<Poco::JSON::Object::Ptr>();
        auto figures = root->getArray("figures");
        if (!figures) return out;
        for (size_t i = 0; i < figures->size(); ++i) {
            auto o = figures->getObject(static_cast<unsigned>(i));
            if (o->isNull("value")) continue;  // not reported: nothing to compare with
            Figure f;
            f.indicator = o->getValue<std::string>("indicator");
            f.area = o->getValue<std::string>("area");
            f.value = o->getValue<double>("value");
            f.unit = o->optValue<std::string>("unit", "count") == "share" ? Unit::kShare
                                                                         : Unit::kCount;
            if (auto b = o->getObject("breakdown"))
                for (const auto& name : b->getNames())
                    f.breakdown.emplace_back(name, b->getValue<std::string>(name));
            std::sort(f.breakdown.begin(), f.breakdown.end());
            out.push_back(std::move(f));
        }
    } catch (const Poco::Exception& e) {
        throw Error("cannot read a stored manifest: " + e.displayText());
    }
    return out;
}

}  // namespace sitrep

namespace sitrep {

std::vector<Finding> read_manifest_findings(const std::string& manifest) {
    std::vector<Finding> out;
    try {
        auto root = Poco::JSON::Parser().parse(manifest).extract<Poco::JSON::Object::Ptr>();
        auto findings = root->getArray("findings");
        if (!findings) return out;
        for (size_t i = 0; i < findings->size(); ++i) {
            auto o = findings->getObject(static_cast<unsigned>(i));
            Finding f;
            f.kind = o->optValue<std::string>("kind", "");
            f.severity = severity_named(o->optValue<std::string>("severity", "warning"));
            if (o->has("feed") && !o->isNull("feed")) f.feed = o->getValue<std::string>("feed");
            f.indicator = o->optValue<std::string>("indicator", "");
            f.area = o->optValue<std::string>("area", "");
            if (o->has("breakdown") && !o->isNull("breakdown"))
                f.breakdown = o->getValue<std::string>("breakdown");
            f.period = o->optValue<std::string>("period", "");
            f.message = o->optValue<std::string>("message", "");
            f.expected = o->optValue<double>("expected", 0);
            f.actual = o->optValue<double>("actual", 0);
            f.news = o->optValue<std::string>("news", "new");
            f.since = o->optValue<int>("since", 0);
            out.push_back(std::move(f));
        }
    } catch (const Poco::Exception& e) {
        throw Error("cannot read a stored manifest: " + e.displayText());
    }
    return out;
}

}  // namespace sitrep
