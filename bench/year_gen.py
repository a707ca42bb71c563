#!/usr/bin/env python3
"""Writes a year of partner deliveries, 2022-03-01 to 2023-02-28, for the year-replay benchmark.

Usage: year_gen.py --seed N --out DIR   (writes DIR/days/YYYY-MM-DD/<files> and DIR/index.tsv)

The year has the shape of a year of daily operation (see bench/year_replay.sh): DVZ decisions
every weekday (the decisions registered since the previous file, about 1 % of them one to
three files late), a DVZ register and a cumulative Fedasil workbook every Monday, VDAB,
#werkplekvrij, Forem and Actiris monthly 2 to 8 days after the month ends, an HXL education
file monthly, a situation note every 9 to 20 days, a few `_v2` corrections and ` (1)` copies.
Figures grow over the year; every random choice comes from the seed, so a seed gives the same
bytes. Only the standard library is used; the Fedasil workbooks are written as SpreadsheetML
on the styles and theme of the project's own fixture workbook.
"""
import argparse
import datetime as dt
import hashlib
import io
import json
import math
import os
import random
import shutil
import zipfile

START = dt.date(2022, 3, 1)
END = dt.date(2023, 2, 28)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FEDASIL_FIXTURE = os.path.join(ROOT, "tests/fixtures/sample/inbox/fedasil_crisisopvang_2023-01-30.xlsx")
DVZ_FIXTURE = os.path.join(ROOT, "tests/fixtures/sample/inbox/dvz_tp_beslissingen_20230131.csv")

FLEMISH = ["Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"]
WALLOON_NL = ["Henegouwen", "Luik", "Luxemburg", "Namen", "Waals-Brabant"]
WALLOON_FR = ["Brabant wallon", "Hainaut", "Liège", "Luxembourg", "Namur"]
FEDASIL_AREAS = ["Brussels Hoofdstedelijk Gewest", "Antwerpen", "Limburg", "Oost-Vlaanderen",
                 "West-Vlaanderen", "Vlaams-Brabant", "Brabant wallon", "Hainaut", "Liège",
                 "Luxembourg", "Namur"]
OTHER_NATIONALITIES = ["RUS", "MDA", "BLR", "GEO", "AZE", "ARM", "UZB", "KAZ", "MAR"]


def days():
    d = START
    while d <= END:
        yield d
        d += dt.timedelta(days=1)


def t_of(d):
    return (d - START).days


def belgian(n):
    """65000 -> '65.000' (the partners' thousands separator)."""
    return f"{n:,}".replace(",", ".")


def month_end(year, month):
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def months():
    """(year, month) of every month whose figures are sent within the year: 2022-03..2023-01."""
    y, m = 2022, 3
    while (y, m) <= (2023, 1):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def weekday_within(rng, first, last):
    choices = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    choices = [c for c in choices if c.weekday() < 5 and c <= END]
    return rng.choice(choices) if choices else None


class Year:
    def __init__(self, seed, out):
        self.rng = random.Random(seed)
        self.out = out
        self.files = []  # (day, name, bytes)

    def put(self, day, name, data):
        self.files.append((day, name, data))

    # ---- growth curves (t = days since 1 March 2022) ----
    def persons(self, t):
        """Persons under temporary protection in the register."""
        return 62000 * (1 - math.exp(-(t + 4) / 95))

    def decisions_per_day(self, d):
        t = t_of(d)
        rate = 1.3 * 62000 / 95 * math.exp(-(t + 4) / 95) + 8
        if d.weekday() >= 5:
            rate *= 0.12
        return max(0, int(self.rng.gauss(rate, math.sqrt(rate) + 1)))

    # ---- DVZ decisions ----
    def dvz_decisions(self):
        rng = self.rng
        nis = sorted({line.split(";")[5].strip() for line in open(DVZ_FIXTURE, encoding="utf-8")
                      if line.count(";") == 5 and line.split(";")[5].strip().isdigit()})
        file_days = [d for d in days() if d >= dt.date(2022, 3, 10) and d.weekday() < 5]
        index_of = {}
        i = 0
        for d in days():
            if d < file_days[0]:
                continue
            while file_days[i] < d:
                i += 1
            index_of[d] = i
        rows = [[] for _ in file_days]
        for d in days():
            if d < file_days[0]:
                continue
            for _ in range(self.decisions_per_day(d)):
                k = index_of[d]
                if rng.random() < 0.01:
                    k = min(k + rng.randint(1, 3), len(file_days) - 1)
                refused = rng.random() < 0.024
                nat = "UKR" if rng.random() < 0.992 else rng.choice(OTHER_NATIONALITIES)
                sex = rng.choices(["V", "M", "X"], [0.6, 0.399, 0.001])[0]
                age = rng.choices(["0-17", "18-64", "65+"], [0.33, 0.6, 0.07])[0]
                where = "" if rng.random() < 0.03 else rng.choice(nis)
                rows[k].append((d, "GEWEIGERD" if refused else "AFGEGEVEN", nat, sex, age, where))
        self.dvz_rows = rows
        header = "beslissingsdatum;beslissing;nationaliteit;geslacht;leeftijdsgroep;gemeente_nis"

        def render(day, recs):
            crlf = day >= dt.date(2022, 11, 1)
            nl = "\r\n" if crlf else "\n"
            lines = [header] + [f"{r[0]:%d/%m/%Y};{r[1]};{r[2]};{r[3]};{r[4]};{r[5]}"
                                for r in sorted(recs, key=lambda r: r[0])]
            return (nl.join(lines) + nl + (nl if crlf else "")).encode("utf-8")

        corrected = rng.sample(range(5, len(file_days) - 12), 3)
        for k, day in enumerate(file_days):
            name = f"dvz_tp_beslissingen_{day:%Y%m%d}.csv"
            data = render(day, rows[k])
            self.put(day, name, data)
            if k in corrected:
                # the correction replaces the original entirely: a few decisions changed
                fixed = list(rows[k])
                for _ in range(rng.randint(1, 4)):
                    if fixed:
                        j = rng.randrange(len(fixed))
                        r = fixed[j]
                        fixed[j] = (r[0], "GEWEIGERD" if r[1] == "AFGEGEVEN" else "AFGEGEVEN") + r[2:]
                when = file_days[k + rng.randint(1, 10)]
                self.put(when, name.replace(".csv", "_v2.csv"), render(day, fixed))
        self.dvz_days = file_days

    # ---- DVZ register ----
    def dvz_register(self):
        rng = self.rng
        shares_fl = [0.39, 0.105, 0.17, 0.17, 0.165]
        shares_wa = [0.30, 0.28, 0.09, 0.155, 0.175]
        d = dt.date(2022, 3, 14)
        while d <= END:
            ref = d - dt.timedelta(days=1)
            total = int(self.persons(t_of(ref)) * rng.uniform(0.995, 1.005))
            known = int(total * rng.uniform(0.985, 0.999))
            fl = int(known * 0.594)
            wa = int(known * 0.204)
            bx = known - fl - wa
            def split(n, shares):
                parts = [int(n * s) for s in shares]
                parts[0] += n - sum(parts)
                return parts
            rows = [("België", total), ("Vlaams Gewest", fl)]
            rows += list(zip(FLEMISH, split(fl, shares_fl)))
            rows += [("Waals Gewest", wa)]
            rows += list(zip(WALLOON_NL, split(wa, shares_wa)))
            rows += [("Brussels Hoofdstedelijk Gewest", bx)]
            text = "peildatum;gebied;aantal\n" + "".join(
                f"{ref:%d/%m/%Y};{a};{belgian(n)}\n" for a, n in rows)
            self.put(d, f"dvz_tp_register_{ref:%Y%m%d}.csv", text.encode("utf-8"))
            d += dt.timedelta(days=7)

    # ---- Fedasil ----
    def fedasil(self):
        rng = self.rng
        referred = {}  # day -> [(area, n)]
        visitors = {}
        for d in days():
            t = t_of(d)
            n = max(0, int(rng.gauss(140 * math.exp(-t / 28) + 32, 6)))
            areas = rng.sample(FEDASIL_AREAS, rng.randint(6, len(FEDASIL_AREAS)))
            counts = {a: 0 for a in areas}
            for _ in range(n):
                counts[rng.choice(areas)] += 1
            referred[d] = [(a, c) for a, c in counts.items() if c > 0]
            weekend = d.weekday() >= 5 and t > 60
            v = 0 if weekend else max(0, int(rng.gauss(900 * math.exp(-t / 25) + 75, 10)))
            visitors[d] = (v, int(v * rng.uniform(0.18, 0.3)))
        with zipfile.ZipFile(FEDASIL_FIXTURE) as z:
            fixture = {n: z.read(n) for n in z.namelist()}
        d = dt.date(2022, 3, 7)
        while d <= END:
            self.put(d, f"fedasil_crisisopvang_{d:%Y-%m-%d}.xlsx",
                     self.workbook(fixture, d, referred, visitors))
            d += dt.timedelta(days=7)

    def workbook(self, fixture, day, referred, visitors):
        rng = self.rng
        strings = []
        sindex = {}
        def s(text):
            if text not in sindex:
                sindex[text] = len(strings)
                strings.append(text)
            return sindex[text]
        esc = lambda x: x.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        serial = lambda d: (d - dt.date(1899, 12, 30)).days
        situation = f"{day:%d/%m/%Y}"
        head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
                '"http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r='
                '"http://schemas.openxmlformats.org/officeDocument/2006/relationships">')
        tail = ('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
                'header="0.3" footer="0.3"/></worksheet>')
        def sheet(title, header, body, widths, last_row, selected):
            rows = [f'<row r="1" spans="1:3"><c r="A1" s="1" t="s"><v>{s(title)}</v></c></row>',
                    '<row r="3" spans="1:3">' + "".join(
                        f'<c r="{c}3" s="2" t="s"><v>{s(h)}</v></c>' for c, h in zip("ABC", header))
                    + "</row>"] + body
            return (head + f'<dimension ref="A1:C{last_row}"/><sheetViews><sheetView '
                    + ('tabSelected="1" ' if selected else "") + 'workbookViewId="0"><pane ySplit="3" '
                    'topLeftCell="A4" activePane="bottomLeft" state="frozen"/><selection '
                    'pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
                    + widths + "<sheetData>" + "".join(rows) + tail).encode("utf-8")
        def date_cell(ref, d):
            if rng.random() < 0.004:  # seen in practice: a date typed as text
                return f'<c r="{ref}" t="s"><v>{s(f"{d:%d/%m/%Y}")}</v></c>'
            return f'<c r="{ref}" s="3"><v>{serial(d)}</v></c>'
        title1 = ("Fedasil – Doorverwijzingen naar crisisopvang / Orientations vers l'accueil de crise"
                  f" – Oekraïne / Ukraine – toestand op / situation au {situation}")
        title2 = ("Fedasil – Registratiecentrum / Centre d'enregistrement – bezoekers en "
                  "huisvestingsvragen / visiteurs et demandes de logement – toestand op / "
                  f"situation au {situation}")
        body1, r = [], 4
        d = START
        while d < day:
            for area, n in referred[d]:
                body1.append(f'<row r="{r}" spans="1:3">{date_cell(f"A{r}", d)}<c r="B{r}" t="s"><v>'
                             f'{s(area)}</v></c><c r="C{r}" s="4"><v>{n}</v></c></row>')
                r += 1
            d += dt.timedelta(days=1)
        total = sum(n for x in referred if x < day for _, n in referred[x])
        body1.append(f'<row r="{r}" spans="1:3"><c r="A{r}" s="5" t="s"><v>{s("Totaal / Total")}</v>'
                     f'</c><c r="B{r}" s="5"/><c r="C{r}" s="6"><f>SUM(C4:C{r - 1})</f><v>{total}</v>'
                     '</c></row>')
        s(title1)
        sheet1 = sheet(title1, ["Datum / Date", "Provincie / Province", "Doorverwezen / Orientés"],
                       body1, '<cols><col min="1" max="1" width="14.7109375" customWidth="1"/><col '
                       'min="2" max="2" width="32.7109375" customWidth="1"/><col min="3" max="3" '
                       'width="24.7109375" customWidth="1"/></cols>', r, True)
        body2, r = [], 4
        d = START
        while d < day:
            v, h = visitors[d]
            body2.append(f'<row r="{r}" spans="1:3">{date_cell(f"A{r}", d)}<c r="B{r}" s="4"><v>{v}'
                         f'</v></c><c r="C{r}" s="4"><v>{h}</v></c></row>')
            r += 1
            d += dt.timedelta(days=1)
        sheet2 = sheet(title2, ["Datum / Date", "Bezoekers / Visiteurs",
                                "Huisvestingsvraag / Demande de logement"], body2,
                       '<cols><col min="1" max="1" width="14.7109375" customWidth="1"/><col min="2" '
                       'max="3" width="24.7109375" customWidth="1"/></cols>', r - 1, False)
        count = sheet1.count(b't="s"') + sheet2.count(b't="s"')
        sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.'
               f'openxmlformats.org/spreadsheetml/2006/main" count="{count}" uniqueCount="{len(strings)}">'
               + "".join(f"<si><t>{esc(x)}</t></si>" for x in strings) + "</sst>").encode("utf-8")
        parts = dict(fixture)
        parts["xl/worksheets/sheet1.xml"] = sheet1
        parts["xl/worksheets/sheet2.xml"] = sheet2
        parts["xl/sharedStrings.xml"] = sst
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name in fixture:  # the fixture's order: [Content_Types].xml first
                info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, parts[name])
        return buf.getvalue()

    # ---- monthly partners ----
    def monthly(self):
        rng = self.rng
        prev_forem = [0] * 5
        for i, (y, m) in enumerate(months()):
            end = month_end(y, m)
            t = t_of(end)
            grow = 1 - math.exp(-(t + 10) / 150)
            # VDAB + #werkplekvrij (same day)
            fl_total = int(8200 * grow * rng.uniform(0.98, 1.02))
            shares = [0.40, 0.105, 0.165, 0.17, 0.16]
            worked_share = min(0.40, 0.04 + 0.0011 * t)
            sep = "," if rng.random() < 0.15 else ";"
            lines = [sep.join(["maand", "provincie", "ingeschreven", "ooit_gewerkt", "aan_het_werk"])]
            tot = [0, 0, 0]
            for p, sh in zip(FLEMISH, shares):
                reg = int(fl_total * sh)
                wk = int(reg * worked_share)
                now = int(wk * 0.6)
                tot = [tot[0] + reg, tot[1] + wk, tot[2] + now]
                lines.append(sep.join([f"{y}-{m:02d}", p, belgian(reg), belgian(wk), belgian(now)]))
            if rng.random() < 0.2:
                lines.append(sep.join([f"{y}-{m:02d}", "Totaal"] + [belgian(x) for x in tot]))
            vdab_day = weekday_within(rng, end + dt.timedelta(days=2), end + dt.timedelta(days=8))
            vdab_name = f"vdab_oekraine_{y}-{m:02d}.csv"
            if vdab_day:
                self.put(vdab_day, vdab_name, ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
                launched = int(14000 * grow * rng.uniform(0.98, 1.02) / 100) * 100
                still_open = int(launched * rng.uniform(0.25, 0.75) / 100) * 100
                self.put(vdab_day, f"vdab_werkplekvrij_{y}-{m:02d}.csv",
                         f"\ufeffmaand;gelanceerd;open\n{y}-{m:02d};{belgian(launched)};"
                         f"{belgian(still_open)}\n".encode("utf-8"))
                self.vdab_last = (vdab_day, vdab_name, lines, sep)
            # Forem
            wa_total = int(2500 * grow * rng.uniform(0.98, 1.02))
            wshares = [0.18, 0.28, 0.26, 0.11, 0.17]
            regs = [max(p, int(wa_total * sh)) for p, sh in zip(prev_forem, wshares)]
            rows = []
            for p, reg, before in zip(WALLOON_FR, regs, prev_forem):
                rows.append([f"{m:02d}/{y}", p, reg, int(reg * 0.72), int(reg * worked_share),
                             reg - before])
            sums = [sum(r[c] for r in rows) for c in range(2, 6)]
            if rng.random() < 0.3:  # the total comes from another system
                sums[0] += rng.randint(-int(sums[0] * 0.04), int(sums[0] * 0.06))
            rows.append([f"{m:02d}/{y}", "Total Wallonie"] + sums)
            prev_forem = regs
            header = ("Mois;Province;Demandeurs d'emploi inscrits;dont femmes;Ayant travaillé au "
                      "moins un jour;Nouvelles inscriptions")
            text = "\r\n".join([header] + [";".join(str(x) for x in r) for r in rows]) + "\r\n"
            day = weekday_within(rng, end + dt.timedelta(days=2), end + dt.timedelta(days=8))
            if day:
                self.put(day, f"forem_ukraine_{y}{m:02d}.csv", text.encode("cp1252"))
            # Actiris
            reg = int(2600 * grow * rng.uniform(0.98, 1.02))
            fr = rng.uniform(0.82, 0.88)
            en = rng.uniform(0.05, 0.08)
            doc = {"reference_date": end.isoformat(), "region": "BE1",
                   "jobseekers": {"registered": reg, "found_job": int(reg * worked_share * 0.95),
                                  "in_training": int(reg * 0.2),
                                  "found_job_women_share": round(rng.uniform(0.78, 0.86), 3)},
                   "training": {"language_share": round(rng.uniform(0.95, 0.98), 3),
                                "languages": {"fr": round(fr, 3), "en": round(en, 3),
                                              "nl": round(1 - fr - en, 3)}},
                   "top_sectors": rng.sample(["cleaning", "interim", "catering", "construction",
                                              "logistics", "care"], 3)}
            if rng.random() < 0.2:  # seen in practice: numbers as strings
                doc["jobseekers"]["registered"] = str(reg)
            if i >= 6:
                doc["generated_by"] = "actiris-stats 2.1"  # a field added without notice
            day = weekday_within(rng, end + dt.timedelta(days=2), end + dt.timedelta(days=8))
            if day:
                self.put(day, f"actiris_ukraine_{end.isoformat()}.json",
                         (json.dumps(doc, indent=2) + "\n").encode("utf-8"))
            # HXL education, dated the day it is sent
            day = weekday_within(rng, end + dt.timedelta(days=5), end + dt.timedelta(days=10))
            if day and (y, m) >= (2022, 3):
                self.put(day, f"education_{day.isoformat()}.hxl.csv", self.education(day).encode())
        # one VDAB correction, two weeks after a month's file
        vdab_files = [(d, n, b) for d, n, b in self.files if n.startswith("vdab_oekraine_")]
        d, n, b = self.rng.choice(vdab_files[2:-1])
        text = b.decode("utf-8").splitlines()
        j = self.rng.randrange(1, 6)
        sep = "," if "," in text[0] else ";"
        cells = text[j].split(sep)
        reg = int(cells[2].replace(".", ""))
        cells[2] = belgian(reg + self.rng.randint(3, 40))
        text[j] = sep.join(cells)
        self.put(d + dt.timedelta(days=14), n.replace(".csv", "_v2.csv"),
                 ("\n".join(text) + "\n").encode("utf-8"))

    def education(self, day):
        t = t_of(day)
        g = 1 - math.exp(-(t + 10) / 120)
        rng = self.rng
        out = ["Date,Area,Indicator,Level,Pupils,Organisation",
               "#date,#adm1+code,#indicator+code,#meta+level,#affected+num,#org"]
        plan = [("BE2", "Departement Onderwijs", 8000, {"kindergarten": 0.24, "primary": 0.43,
                                                       "secondary": 0.33}, {"higher": 0.05}),
                ("BE3", "FWB", 2800, {"kindergarten": 0.18, "primary": 0.46, "secondary": 0.355,
                                      "special": 0.005}, {}),
                ("BE1", "perspective.brussels", 2200, {"primary": 0.69, "secondary": 0.305,
                                                       "special": 0.005}, {"home": 0.008})]
        for area, org, size, inside, outside in plan:
            n = int(size * g * rng.uniform(0.98, 1.02))
            parts = {k: int(n * v) for k, v in inside.items()}
            for k, v in parts.items():
                out.append(f"{day.isoformat()},{area},education.pupils.enrolled,{k},{v},{org}")
            for k, v in outside.items():
                out.append(f"{day.isoformat()},{area},education.pupils.enrolled,{k},{int(n * v)},{org}")
            out.append(f"{day.isoformat()},{area},education.pupils.enrolled,,{sum(parts.values())},{org}")
        return "\n".join(out) + "\n"

    # ---- situation notes ----
    def notes(self):
        rng = self.rng
        sources = {"nccn": ["nl", "fr", "en"], "vlaanderen": ["nl"], "wallonie": ["fr"],
                   "brussels": ["fr", "nl"], "police": ["nl"], "fedasil": ["fr", "nl"]}
        domains = ["humanitarian", "humanitarian", "public-order", "mobility", "health", "energy"]
        words = {
            "nl": ("Stand van zaken", "Stand van zaken op {d}.",
                   ["Sinds maart 2022 werden {c} certificaten van tijdelijke bescherming afgegeven.",
                    "Er komen {p} bijkomende opvangplaatsen vrij.",
                    "De gemeenten melden geen nieuwe knelpunten.",
                    "Het aanmeldcentrum verwerkte deze week ongeveer {v} bezoekers."]),
            "fr": ("Point de situation", "Situation au {d}.",
                   ["Depuis mars 2022, {c} certificats de protection temporaire ont été délivrés.",
                    "{p} places d'accueil supplémentaires sont disponibles.",
                    "Les communes ne signalent pas de nouvelle difficulté.",
                    "Le centre d'enregistrement a reçu environ {v} visiteurs cette semaine."]),
            "en": ("Situation update", "Situation on {d}.",
                   ["Since March 2022, {c} temporary-protection certificates have been issued.",
                    "{p} additional reception places become available.",
                    "Municipalities report no new bottlenecks.",
                    "The registration centre saw about {v} visitors this week."]),
        }
        d = START + dt.timedelta(days=rng.randint(2, 6))
        issued = 0
        while d <= END:
            src = rng.choice(sorted(sources))
            lang = rng.choice(sources[src])
            title, line, bullets = words[lang]
            issued = int(self.persons(t_of(d)) * 1.15)
            picked = rng.sample(bullets, 3)
            text = (f"domain: {rng.choice(domains)}\nlang: {lang}\n\n# {title}\n\n"
                    + line.format(d=d.strftime("%d/%m/%Y")) + "\n\n"
                    + "".join("- " + b.format(c=belgian(issued), p=belgian(rng.randint(2, 60) * 25),
                                              v=belgian(rng.randint(3, 60) * 10)) + "\n"
                              for b in picked))
            self.put(d, f"notes_{d.isoformat()}_{src}.md", text.encode("utf-8"))
            d += dt.timedelta(days=rng.randint(9, 20))

    # ---- byte-identical copies ----
    def copies(self):
        rng = self.rng
        pool = [f for f in self.files if f[1].startswith(("dvz_tp_beslissingen_", "fedasil_"))
                and "_v" not in f[1] and f[0] < END - dt.timedelta(days=3)]
        for day, name, data in rng.sample(pool, 4):
            stem, ext = name.split(".", 1)
            self.put(day + dt.timedelta(days=rng.choice([0, 0, 1, 3])), f"{stem} (1).{ext}", data)

    def write(self):
        tmp = self.out + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        index = ["day\tfile\tbytes\tsha256"]
        for day, name, data in sorted(self.files, key=lambda f: (f[0], f[1])):
            folder = os.path.join(tmp, "days", day.isoformat())
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, name), "wb") as f:
                f.write(data)
            index.append(f"{day.isoformat()}\t{name}\t{len(data)}\t{hashlib.sha256(data).hexdigest()}")
        with open(os.path.join(tmp, "index.tsv"), "w") as f:
            f.write("\n".join(index) + "\n")
        shutil.rmtree(self.out, ignore_errors=True)
        os.rename(tmp, self.out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    y = Year(a.seed, a.out)
    y.dvz_decisions()
    y.dvz_register()
    y.fedasil()
    y.monthly()
    y.notes()
    y.copies()
    y.write()
    total = sum(len(f[2]) for f in y.files)
    print(f"year-{a.seed}: {len(y.files)} files on {len({f[0] for f in y.files})} days, "
          f"{total / 1e6:.1f} MB in {a.out}")


if __name__ == "__main__":
    main()
