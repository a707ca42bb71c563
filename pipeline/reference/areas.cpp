#include "pipeline/reference/areas.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "pipeline/foundation/strings.h"

namespace sitrep {
namespace {

const std::vector<Area> kAreas = {
    {"BE", 0, "", "België", "Belgique", "Belgium", "Belgien"},
    {"BE1", 1, "BE", "Brussels Hoofdstedelijk Gewest", "Région de Bruxelles-Capitale",
     "Brussels-Capital Region", "Region Brüssel-Hauptstadt"},
    {"BE10", 2, "BE1", "Brussels Hoofdstedelijk Gewest", "Région de Bruxelles-Capitale",
     "Brussels-Capital Region", "Region Brüssel-Hauptstadt"},
    {"BE2", 1, "BE", "Vlaams Gewest", "Région flamande", "Flemish Region", "Flämische Region"},
    {"BE21", 2, "BE2", "Antwerpen", "Anvers", "Antwerp", "Antwerpen"},
    {"BE22", 2, "BE2", "Limburg", "Limbourg", "Limburg", "Limburg"},
    {"BE23", 2, "BE2", "Oost-Vlaanderen", "Flandre-Orientale", "East Flanders", "Ostflandern"},
    {"BE24", 2, "BE2", "Vlaams-Brabant", "Brabant flamand", "Flemish Brabant",
     "Flämisch-Brabant"},
    {"BE25", 2, "BE2", "West-Vlaanderen", "Flandre-Occidentale", "West Flanders",
     "Westflandern"},
    {"BE3", 1, "BE", "Waals Gewest", "Région wallonne", "Walloon Region", "Wallonische Region"},
    {"BE31", 2, "BE3", "Waals-Brabant", "Brabant wallon", "Walloon Brabant",
     "Wallonisch-Brabant"},
    {"BE32", 2, "BE3", "Henegouwen", "Hainaut", "Hainaut", "Hennegau"},
    {"BE33", 2, "BE3", "Luik", "Liège", "Liège", "Lüttich"},
    {"BE34", 2, "BE3", "Luxemburg", "Luxembourg", "Luxembourg", "Luxemburg"},
    {"BE35", 2, "BE3", "Namen", "Namur", "Namur", "Namur"},
};

// Other names partners use for the same areas; the seed itself writes "Vlaamse Gemeenschap"
// where it means the region.
const std::vector<std::pair<const char*, const char*>> kAliases = {
    {"Vlaanderen", "BE2"}, {"Flandre", "BE2"}, {"Flanders", "BE2"},
    {"Vlaamse Gemeenschap", "BE2"}, {"Vlaams Gewest", "BE2"}, {"Flemish Region", "BE2"},
    {"Wallonie", "BE3"}, {"Wallonië", "BE3"}, {"Wallonia", "BE3"}, {"Wallonien", "BE3"},
    {"Brussel", "BE1"}, {"Bruxelles", "BE1"}, {"Brussels", "BE1"}, {"Brüssel", "BE1"},
    {"Bruxelles-Capitale", "BE1"}, {"Brussels Gewest", "BE1"}, {"Brussels Region", "BE1"},
    {"Hainault", "BE32"},
};

// REFNIS codes of the nation, regions and provinces (Statbel).
const std::vector<std::pair<const char*, const char*>> kRefnis = {
    {"01000", "BE"},   {"02000", "BE2"},  {"03000", "BE3"},  {"04000", "BE1"},
    {"21000", "BE10"}, {"10000", "BE21"}, {"70000", "BE22"}, {"40000", "BE23"},
    {"20001", "BE24"}, {"30000", "BE25"}, {"20002", "BE31"}, {"50000", "BE32"},
    {"60000", "BE33"}, {"80000", "BE34"}, {"90000", "BE35"},
};

// Folds a UTF-8 name to lowercase ASCII letters and digits only, dropping accents, so that
// "Liège", "LIEGE" and "liege" meet.
std::string fold(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
            continue;
        }
        if (c == 0xC3 && i + 1 < s.size()) {
            // Latin-1 supplement: map accented vowels and ç/ñ to their base letter.
            static constexpr std::string_view kBase =
                "aaaaaaaceeeeiiiidnooooo*ouuuuyts"   // C3 80..9F (upper case)
                "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // C3 A0..BF (lower case)
            const auto d = static_cast<unsigned char>(s[i + 1]);
            if (d >= 0x80 && d <= 0xBF) {
                const char b = kBase[d - 0x80];
                if (std::isalpha(static_cast<unsigned char>(b))) out += b;
            }
            ++i;
        }
        // Other non-ASCII bytes carry no letter we match on.
    }
    return out;
}

const std::map<std::string, std::string>& name_index() {
    static const std::map<std::string, std::string> index = [] {
        std::map<std::string, std::string> m;
        for (const auto& a : kAreas) {
            if (a.nuts == "BE10") continue;  // its names are the region's; as_province maps it
            for (const auto* n : {&a.name_nl, &a.name_fr, &a.name_en, &a.name_de})
                m.emplace(fold(*n), a.nuts);
        }
        for (const auto& [alias, nuts] : kAliases) m[fold(alias)] = nuts;
        m[fold("Liège")] = "BE33";
        m[fold("Liege")] = "BE33";
        m[fold("Hainaut")] = "BE32";
        return m;
    }();
    return index;
}

std::string_view strip_prefix(std::string_view folded) {
    for (std::string_view p : {"provincie", "province", "provinz", "prov"}) {
        if (folded.size() > p.size() && folded.substr(0, p.size()) == p)
            return folded.substr(p.size());
    }
    return folded;
}

}  // namespace

const std::vector<Area>& all_areas() { return kAreas; }

const Area* find_area(std::string_view nuts) {
    for (const auto& a : kAreas)
        if (a.nuts == nuts) return &a;
    return nullptr;
}

std::optional<std::string> resolve_area(std::string_view text) {
    text = trim(text, " \t");
    if (text.empty()) return std::nullopt;
    if (const Area* a = find_area(text)) return a->nuts;
    for (const auto& [code, nuts] : kRefnis)
        if (text == code) return std::string(nuts);
    const std::string folded = fold(text);
    const auto& index = name_index();
    if (auto it = index.find(folded); it != index.end()) return it->second;
    std::string_view rest = strip_prefix(folded);
    // "Province de Liège" folds to "provinceliege"; also drop the article left behind.
    for (std::string_view article : {"de", "du", "d", "van"}) {
        if (auto it = index.find(std::string(rest)); it != index.end()) return it->second;
        if (rest.size() > article.size() && rest.substr(0, article.size()) == article) {
            if (auto it = index.find(std::string(rest.substr(article.size())));
                it != index.end())
                return it->second;
        }
    }
    return std::nullopt;
}

std::string as_province(const std::string& nuts) { return nuts == "BE1" ? "BE10" : nuts; }

std::optional<std::string> province_of_nis(std::string_view nis) {
    if (nis.size() != 5) return std::nullopt;
    for (char c : nis)
        if (c < '0' || c > '9') return std::nullopt;
    const int p = (nis[0] - '0') * 10 + (nis[1] - '0');
    if (p == 21) return "BE10";
    if (p >= 11 && p <= 13) return "BE21";
    if (p >= 71 && p <= 73) return "BE22";
    if (p >= 41 && p <= 46) return "BE23";
    if (p == 23 || p == 24) return "BE24";
    if (p >= 31 && p <= 38) return "BE25";
    if (p == 25) return "BE31";
    if (p >= 51 && p <= 58) return "BE32";
    if (p >= 61 && p <= 64) return "BE33";
    if (p >= 81 && p <= 85) return "BE34";
    if (p >= 91 && p <= 93) return "BE35";
    return std::nullopt;
}

std::string region_of(std::string_view nuts) {
    if (nuts.size() < 3 || nuts.substr(0, 2) != "BE") return "";
    return std::string(nuts.substr(0, 3));
}

std::vector<std::string> children_of(std::string_view nuts) {
    std::vector<std::string> out;
    for (const auto& a : kAreas)
        if (a.parent == nuts) out.push_back(a.nuts);
    return out;
}

std::string area_name(std::string_view nuts, std::string_view lang) {
    const Area* a = find_area(nuts);
    if (a == nullptr) return std::string(nuts);
    if (lang == "fr") return a->name_fr;
    if (lang == "en") return a->name_en;
    if (lang == "de") return a->name_de;
    return a->name_nl;
}

}  // namespace sitrep
