#!/usr/bin/python3
"""The demo inbox's report done the usual Python way, to measure sitrep against.

pandas reads the partners' files, sums the same figures as sitrep (certificates issued and
refused by month, region and nationality, the register by area, Fedasil's referrals and
registrations, VDAB, Forem, Actiris, education, Red Cross), checks regions against the national
total and provinces against their sum, keeps submissions and figures in SQLite, and writes what
sitrep writes: a PDF per language (ReportLab, DejaVu embedded: header band, key-figure tiles,
tables, a bar chart, notes, sources with SHA-256, p. x/y), an xlsx annex (openpyxl, with a
chart) and a JSON manifest.

Usage: peer.py INBOX OUTBOX STATE_DIR
"""
import hashlib
import json
import os
import sqlite3
import sys

import pandas as pd
from openpyxl.chart import BarChart, Reference
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
                                KeepTogether)

FONTS = "/usr/share/fonts/truetype/dejavu/"
NUMBER = 237
ISSUED = "2023-02-08T07:00:00+01:00"

# NIS province prefixes (first two digits of a municipality code) to NUTS regions.
NIS_REGION = {"21": "BE1", "11": "BE2", "23": "BE2", "24": "BE2", "31": "BE2", "41": "BE2",
              "44": "BE2", "71": "BE2", "72": "BE2", "25": "BE3", "51": "BE3", "52": "BE3",
              "53": "BE3", "55": "BE3", "56": "BE3", "57": "BE3", "61": "BE3", "62": "BE3",
              "63": "BE3", "64": "BE3", "81": "BE3", "82": "BE3", "83": "BE3", "84": "BE3",
              "85": "BE3", "91": "BE3", "92": "BE3", "93": "BE3"}

WORDS = {
    "nl": {"title": "Situatierapport nr. {n}", "key": "Kerncijfers", "issued": "Certificaten tijdelijke bescherming",
           "register": "Personen in het register", "refused": "Weigeringen", "month": "Maand",
           "area": "Gebied", "persons": "Personen", "tp": "Tijdelijke bescherming",
           "reception": "Opvang", "work": "Werk", "education": "Onderwijs", "notes": "Situatienota's",
           "findings": "Bevindingen", "sources": "Bronnen", "file": "Bestand", "page": "p. {p}/{n}",
           "total": "Totaal", "share": "Aandeel", "partner": "Partner"},
    "fr": {"title": "Rapport de situation n° {n}", "key": "Chiffres clés", "issued": "Attestations de protection temporaire",
           "register": "Personnes au registre", "refused": "Refus", "month": "Mois",
           "area": "Zone", "persons": "Personnes", "tp": "Protection temporaire",
           "reception": "Accueil", "work": "Emploi", "education": "Enseignement", "notes": "Notes de situation",
           "findings": "Constats", "sources": "Sources", "file": "Fichier", "page": "p. {p}/{n}",
           "total": "Total", "share": "Part", "partner": "Partenaire"},
    "en": {"title": "Situation report no. {n}", "key": "Key figures", "issued": "Temporary protection certificates",
           "register": "Persons in the register", "refused": "Refusals", "month": "Month",
           "area": "Area", "persons": "Persons", "tp": "Temporary protection",
           "reception": "Reception", "work": "Employment", "education": "Education", "notes": "Situation notes",
           "findings": "Findings", "sources": "Sources", "file": "File", "page": "p. {p}/{n}",
           "total": "Total", "share": "Share", "partner": "Partner"},
}


def number(v, lang):
    s = f"{v:,.0f}"
    return {"nl": s.replace(",", "."), "fr": s.replace(",", "\u202f"), "en": s}[lang]


def read_inbox(inbox):
    inputs, figures, notes = [], [], []

    def fig(indicator, area, value, breakdown="", period="", source=""):
        figures.append({"indicator": indicator, "area": area, "breakdown": breakdown,
                        "period": period, "value": float(value), "source": source})

    for name in sorted(os.listdir(inbox)):
        path = os.path.join(inbox, name)
        with open(path, "rb") as f:
            data = f.read()
        inputs.append({"file": name, "sha256": hashlib.sha256(data).hexdigest(),
                       "bytes": len(data), "partner": name.split("_")[0]})
        if name.startswith("dvz_tp_beslissingen"):
            d = pd.read_csv(path, sep=";", dtype={"gemeente_nis": str})
            d["date"] = pd.to_datetime(d["beslissingsdatum"], format="%d/%m/%Y")
            d["month"] = d["date"].dt.strftime("%Y-%m")
            period = f"{d['date'].min():%Y-%m-%d}..{d['date'].max():%Y-%m-%d}"
            issued = d[d["beslissing"] == "AFGEGEVEN"]
            refused = d[d["beslissing"] != "AFGEGEVEN"]
            fig("tp.certificates.issued", "BE", len(issued), period=period, source=name)
            for m, n in issued.groupby("month").size().items():
                fig("tp.certificates.issued", "BE", n, "month=" + m, m, name)
            region = issued["gemeente_nis"].str[:2].map(NIS_REGION).fillna("unknown")
            for r, n in issued.groupby(region).size().items():
                fig("tp.certificates.issued", r, n, "residence", period, name)
            fig("tp.certificates.refused", "BE", len(refused), period=period, source=name)
            nat = refused["nationaliteit"].where(refused["nationaliteit"] == "UKR", "other")
            for k, n in refused.groupby(nat).size().items():
                fig("tp.certificates.refused", "BE", n, "nationality=" + k, period, name)
        elif name.startswith("dvz_tp_register"):
            d = pd.read_csv(path, sep=";", thousands=".")
            for _, row in d.iterrows():
                fig("tp.register.persons", row["gebied"], row["aantal"], period=row["peildatum"], source=name)
        elif name.startswith("fedasil"):
            sheets = pd.read_excel(path, sheet_name=None, header=2)
            for sheet, d in sheets.items():
                d = d.dropna(how="all")
                if d.shape[1] == 3 and "Provincie" in str(d.columns[1]):
                    fig("reception.crisis.referred", "BE", d.iloc[:, 2].sum(), source=name)
                    for p, n in d.groupby(d.columns[1])[d.columns[2]].sum().items():
                        fig("reception.crisis.referred", p, n, source=name)
                else:
                    d["month"] = pd.to_datetime(d.iloc[:, 0]).dt.strftime("%Y-%m")
                    for m, n in d.groupby("month")[d.columns[1]].sum().items():
                        fig("reception.registration.visitors", "BE", n, "month=" + m, m, name)
        elif name.startswith("forem"):
            d = pd.read_csv(path, sep=";", encoding="latin-1")
            month = d.iloc[0, 0]
            for col in d.columns[2:]:
                fig("employment.forem." + col, "BE3", d[col].sum(), period=month, source=name)
                for _, row in d.iterrows():
                    fig("employment.forem." + col, row["Province"], row[col], period=month, source=name)
        elif name.startswith("vdab"):
            d = pd.read_csv(path, sep=";", thousands=".", encoding="utf-8-sig")
            for col in d.columns[1:]:
                if col == "provincie":
                    continue
                fig("employment.vdab." + col, "BE2", d[col].sum(), period=str(d.iloc[0, 0]), source=name)
        elif name.endswith(".json"):
            j = json.loads(data)
            for k, v in j["jobseekers"].items():
                fig("employment.actiris." + k, j["region"], v, period=j["reference_date"], source=name)
        elif name.endswith(".hxl.csv"):
            d = pd.read_csv(path, skiprows=[1])
            value = [c for c in d.columns if d[c].dtype.kind in "if"][0]
            for _, row in d.iterrows():
                fig(row["Indicator"], row["Area"], row[value],
                    "level=" + str(row.get("Level", "")), str(row["Date"]), name)
        elif name.endswith(".md"):
            text = data.decode("utf-8")
            head, _, body = text.partition("\n\n")
            meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
            title = ""
            lines = body.strip().splitlines()
            if lines and lines[0].startswith("# "):
                title, lines = lines[0][2:], lines[1:]
            notes.append({"file": name, "lang": meta.get("lang"), "domain": meta.get("domain"),
                          "title": title, "body": "\n".join(lines).strip()})
    return inputs, figures, notes


def findings_of(figures):
    out = []
    reg = {f["area"]: f["value"] for f in figures if f["indicator"] == "tp.register.persons"}
    regions = ["Vlaams Gewest", "Waals Gewest", "Brussels Hoofdstedelijk Gewest"]
    if "België" in reg and all(r in reg for r in regions):
        s = sum(reg[r] for r in regions)
        if s != reg["België"]:
            out.append({"kind": "regions_vs_national", "expected": reg["België"], "actual": s})
    by_key = {}
    for f in figures:
        if f["indicator"].startswith("employment.forem."):
            by_key.setdefault((f["indicator"], f["period"]), []).append(f)
    for (ind, period), fs in by_key.items():
        total = [f["value"] for f in fs if f["area"] == "BE3"]
        parts = sum(f["value"] for f in fs if f["area"] != "BE3")
        if total and abs(total[0] - parts) > 0.5:
            out.append({"kind": "parts_vs_total", "indicator": ind, "period": period,
                        "expected": total[0], "actual": parts})
    return out


def store(state, inbox, inputs, figures):
    # Like sitrep, keep each submission's bytes under its SHA-256.
    os.makedirs(os.path.join(state, "files"), exist_ok=True)
    for i in inputs:
        with open(os.path.join(inbox, i["file"]), "rb") as src, \
                open(os.path.join(state, "files", i["sha256"]), "wb") as dst:
            dst.write(src.read())
    db = sqlite3.connect(os.path.join(state, "peer.sqlite"))
    db.execute("create table if not exists submissions(sha256 primary key, file, partner, bytes)")
    db.execute("create table if not exists figures(report, indicator, area, breakdown, period, value, source)")
    db.executemany("insert or ignore into submissions values(?,?,?,?)",
                   [(i["sha256"], i["file"], i["partner"], i["bytes"]) for i in inputs])
    db.executemany("insert into figures values(?,?,?,?,?,?,?)",
                   [(NUMBER, f["indicator"], f["area"], f["breakdown"], f["period"], f["value"],
                     f["source"]) for f in figures])
    db.commit()
    db.close()


def write_pdf(path, lang, inputs, figures, notes, findings):
    w = WORDS[lang]
    pdfmetrics.registerFont(TTFont("DejaVu", FONTS + "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", FONTS + "DejaVuSans-Bold.ttf"))
    body = ParagraphStyle("b", fontName="DejaVu", fontSize=9, leading=12)
    small = ParagraphStyle("s", parent=body, fontSize=7.5, leading=10)
    h1 = ParagraphStyle("h1", fontName="DejaVu-Bold", fontSize=13, leading=18,
                        textColor=colors.HexColor("#1c3a5e"), spaceBefore=8, spaceAfter=6)
    grid = TableStyle([("FONT", (0, 0), (-1, -1), "DejaVu", 8),
                       ("FONT", (0, 0), (-1, 0), "DejaVu-Bold", 8),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#ecf0f5")),
                       ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#dee0e5")),
                       ("ALIGN", (1, 0), (-1, -1), "RIGHT")])
    title = w["title"].format(n=NUMBER)

    def get(ind, area="BE", breakdown=""):
        for f in figures:
            if f["indicator"] == ind and f["area"] == area and f["breakdown"] == breakdown:
                return f["value"]
        return None

    def make_story():
        story = [Paragraph(w["key"], h1)]
        tiles = [[number(get("tp.certificates.issued") or 0, lang),
                  number(get("tp.register.persons", "België") or 0, lang),
                  number(get("tp.certificates.refused") or 0, lang)],
                 [Paragraph(w["issued"], small), Paragraph(w["register"], small),
                  Paragraph(w["refused"], small)]]
        story.append(Table(tiles, colWidths=[170] * 3, style=TableStyle(
            [("FONT", (0, 0), (-1, 0), "DejaVu-Bold", 20), ("BOX", (0, 0), (0, -1), 0.5, colors.grey),
             ("BOX", (1, 0), (1, -1), 0.5, colors.grey), ("BOX", (2, 0), (2, -1), 0.5, colors.grey)])))

        story.append(Paragraph(w["tp"], h1))
        months = [f for f in figures if f["indicator"] == "tp.certificates.issued" and f["breakdown"].startswith("month=")]
        chart = Drawing(500, 160)
        bars = VerticalBarChart()
        bars.x, bars.y, bars.width, bars.height = 40, 20, 440, 120
        bars.data = [[f["value"] for f in months]]
        bars.categoryAxis.categoryNames = [f["period"][2:] for f in months]
        bars.categoryAxis.labels.fontName = bars.valueAxis.labels.fontName = "DejaVu"
        bars.categoryAxis.labels.fontSize = bars.valueAxis.labels.fontSize = 6
        bars.bars[0].fillColor = colors.HexColor("#5c87b5")
        chart.add(bars)
        story.append(KeepTogether([Paragraph(w["issued"], body), chart]))
        total = get("tp.certificates.issued") or 1
        rows = [[w["month"], w["persons"], w["share"]]] + [
            [f["period"], number(f["value"], lang), f"{100 * f['value'] / total:.1f} %"] for f in months]
        story.append(Table(rows, colWidths=[200, 120, 120], style=grid, repeatRows=1))
        reg = [f for f in figures if f["indicator"] == "tp.register.persons"]
        story.append(Spacer(0, 8))
        story.append(Table([[w["area"], w["register"]]] + [[f["area"], number(f["value"], lang)] for f in reg],
                           colWidths=[300, 140], style=grid, repeatRows=1))

        for section, prefix in [("reception", "reception."), ("work", "employment."), ("education", "education.")]:
            story.append(Paragraph(w[section], h1))
            fs = [f for f in figures if f["indicator"].startswith(prefix)][:60]
            story.append(Table([[w["area"], w["month"], w["persons"]]] +
                               [[Paragraph(f["indicator"] + " " + f["area"], small), f["period"],
                                 number(f["value"], lang)] for f in fs],
                               colWidths=[280, 90, 90], style=grid, repeatRows=1))

        story.append(Paragraph(w["notes"], h1))
        for n in notes:
            story.append(Paragraph("<b>" + n["title"] + "</b>", body))
            for line in n["body"].splitlines():
                if line.strip():
                    story.append(Paragraph(line.lstrip("- "), body))
        story.append(Paragraph(w["findings"], h1))
        for f in findings:
            story.append(Paragraph(f"{f['kind']}: {f.get('indicator', '')} {f.get('period', '')} "
                                   f"{number(f['expected'], lang)} / {number(f['actual'], lang)}", body))
        story.append(Paragraph(w["sources"], h1))
        story.append(Table([[w["file"], w["partner"], "SHA-256"]] +
                           [[Paragraph(i["file"], small), i["partner"], Paragraph(i["sha256"][:32], small)]
                            for i in inputs], colWidths=[200, 80, 200], style=grid, repeatRows=1))
        return story

    def band(canvas, doc, pages=None):
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#1c3a5e"))
        canvas.rect(0, A4[1] - 64, A4[0], 64, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont("DejaVu", 8)
        canvas.drawString(42, A4[1] - 20, "Nationaal Crisiscentrum / Centre de Crise National")
        canvas.setFont("DejaVu-Bold", 15)
        canvas.drawString(42, A4[1] - 40, title)
        canvas.setFont("DejaVu", 8)
        canvas.drawRightString(A4[0] - 42, A4[1] - 55,
                               w["page"].format(p=doc.page, n=pages or "?"))
        canvas.restoreState()

    # Two passes, as sitrep numbers pages p. x/y once the count is known.
    counter = SimpleDocTemplate(os.devnull, pagesize=A4, topMargin=86, title=title)
    counter.build(make_story(), onFirstPage=band, onLaterPages=band)
    pages = counter.page
    doc = SimpleDocTemplate(path, pagesize=A4, topMargin=86, title=title, author="NCCN",
                            lang=lang)
    doc.build(make_story(), onFirstPage=lambda c, d: band(c, d, pages),
              onLaterPages=lambda c, d: band(c, d, pages))


def write_annex(path, inputs, figures, findings, notes):
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        pd.DataFrame(figures).to_excel(xl, sheet_name="Figures", index=False)
        pd.DataFrame(inputs).to_excel(xl, sheet_name="Inputs", index=False)
        pd.DataFrame(findings).to_excel(xl, sheet_name="Findings", index=False)
        pd.DataFrame(notes).to_excel(xl, sheet_name="Notes", index=False)
        months = pd.DataFrame([f for f in figures if f["indicator"] == "tp.certificates.issued"
                               and f["breakdown"].startswith("month=")])[["period", "value"]]
        months.to_excel(xl, sheet_name="Chart data", index=False)
        ws = xl.sheets["Chart data"]
        chart = BarChart()
        chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(months) + 1), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(months) + 1))
        ws.add_chart(chart, "D2")


def main():
    inbox, outbox, state = sys.argv[1:4]
    os.makedirs(outbox, exist_ok=True)
    inputs, figures, notes = read_inbox(inbox)
    findings = findings_of(figures)
    store(state, inbox, inputs, figures)
    stem = os.path.join(outbox, f"peer-{NUMBER:04d}")
    for lang in ("nl", "fr", "en"):
        write_pdf(f"{stem}.{lang}.pdf", lang, inputs, figures, notes, findings)
    write_annex(stem + ".annex.xlsx", inputs, figures, findings, notes)
    with open(stem + ".json", "w", encoding="utf-8") as f:
        json.dump({"number": NUMBER, "issued_at": ISSUED, "inputs": inputs, "figures": figures,
                   "findings": findings, "notes": notes}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
