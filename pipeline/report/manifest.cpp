#include "pipeline/report/manifest.h"

#include <Poco/JSON/Array.h>
#include <algorithm>
#include <cmath>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "pipeline/foundation/errors.h"
#include "pipeline/report/json_writer.h"

namespace sitrep {

std::string as_of_text(const Figure& f) {
    if (f.kind == Kind::kStock && f.from && f.to && *f.from == f.from->first_of_month() &&
        *f.to == f.from->last_of_month())
        return f.from->iso_month();
    return f.as_of.iso();
}

std::string manifest_json(const Report& r) {
    JsonWriter w;
    w.begin_object();
    w.number("number", r.number).string("kind", r.kind);
    if (!r.reason.empty()) w.string("reason", r.reason);
    w.string("issued_at", r.issued_at).string("as_of", r.as_of.iso());
    w.string("classification", r.classification);
    if (!r.next_report.empty()) w.string("next_report", r.next_report);

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
        w.end_object();
    }
    w.end_array();

    w.begin_array("figures");
    for (const auto& f : r.figures) {
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
        for (const auto& s : f.sources) w.string("", s);
        w.end_array();
        w.begin_array("locations");
        for (const auto& l : f.locations) w.string("", l);
        w.end_array();
        w.end_object();
    }
    w.end_array();

    w.begin_array("findings");
    for (const auto& f : r.findings) {
        w.begin_object();
        w.string("kind", f.kind).string("severity", to_string(f.severity));
        w.string("indicator", f.indicator).string("area", f.area).string("period", f.period);
        w.string("message", f.message);
        w.number("expected", f.expected).number("actual", f.actual);
        w.begin_array("sources");
        for (const auto& s : f.sources) w.string("", s);
        w.end_array();
        w.end_object();
    }
    w.end_array();

    w.begin_array("notes");
    for (const auto& n : r.notes) {
        w.begin_object();
        w.string("domain", n.domain).string("lang", n.lang).string("source", n.source);
        w.string("date", n.date).string("title", n.title);
        w.end_object();
    }
    w.end_array();

    w.begin_array("partners");
    for (const auto& p : r.partners) {
        w.begin_object();
        w.string("partner", p.partner).string("state", p.state);
        if (p.last_as_of) w.string("last_as_of", p.last_as_of->iso());
        else w.null("last_as_of");
        w.string("last_file", p.last_file);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.str() + "\n";
}

std::map<std::string, double> published_values(const std::vector<Figure>& figures) {
    std::map<std::string, double> out;
    for (const auto& f : figures) {
        if (!std::isfinite(f.value)) continue;  // written as null: nothing to compare with
        Figure keyed = f;
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
