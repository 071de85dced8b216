#!/usr/bin/python3
"""The benchmark's peer: the standard badge (issue 5) rendered with ReportLab, the engine
pretix and Indico render badges with, written the way ReportLab is meant to be used:
fonts registered once, its own QR widget and Code 128, one canvas for the whole batch.

usage: reportlab_badges.py ROSTER.csv FONT_REGULAR.ttf FONT_BOLD.ttf OUT.pdf WARM_UP [--profile]
Prints "badges_per_s N" on stdout: every row of the roster, timed from the first badge to
the saved PDF, after the first WARM_UP rows were drawn into a PDF thrown away (as our
engine's rate runs do in render-child.ts), so neither engine is timed on a first call's
setup.
"""
import csv
import io
import re
import sys
import time

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import code128, qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor, white, black
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

W, H = 85.6 * mm, 53.98 * mm
RULES = [
    "本证仅限本人使用，不得转借。",
    "This badge is personal and not transferable.",
    "入场请主动出示并配合安检。",
    "Show it at every gate and accept security checks.",
    "遗失请立即到证件中心挂失。",
    "Report a lost badge to the badge office at once.",
]


def fit(text, font, size, minimum, width):
    while size > minimum and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.25
    return size


# Our engine prints a right-to-left name by its passport name (the badge font cannot shape
# it); the peer prints the same text, so both draw the same glyphs.
RIGHT_TO_LEFT = re.compile("[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")


def printed_name(row):
    if row["latin_name"] and RIGHT_TO_LEFT.search(row["name"]):
        return row["latin_name"]
    return row["name"]


def front(c, row):
    colour = HexColor(row["colour"])
    top = lambda y: H - y  # layouts are measured from the top edge
    c.setFillColor(colour)
    c.rect(0, H - 12 * mm, W, 12 * mm, stroke=0, fill=1)
    c.setFillColor(white)
    header = f'{row["type_zh"]} {row["type_en"].upper()}'
    c.setFont("Badge-Bold", fit(header, "Badge-Bold", 16, 8, 77 * mm))
    c.drawString(4 * mm, top(8 * mm), header)
    c.drawImage(row["photo"], 4 * mm, top(41 * mm), 20 * mm, 26 * mm)
    c.setFillColor(black)
    name = printed_name(row)
    size = fit(name, "Badge-Bold", 14, 7, 55 * mm)
    c.setFont("Badge-Bold", size)
    c.drawString(27 * mm, top(20 * mm), name)
    c.setFont("Badge", fit(row["organisation"], "Badge", 8, 5, 55 * mm))
    c.drawString(27 * mm, top(26 * mm), row["organisation"])
    c.setFont("Badge", 8)
    c.drawString(27 * mm, top(31 * mm), row["zones"])
    c.setFont("Badge", 7)
    c.drawString(4 * mm, top(45.5 * mm), row["serial"])
    # Sized by the widget itself (asking getBounds() first would encode the symbol twice).
    widget = qr.QrCodeWidget(row["payload"], barLevel="M", barBorder=0, barWidth=18 * mm, barHeight=18 * mm)
    d = Drawing(18 * mm, 18 * mm)
    d.add(widget)
    renderPDF.draw(d, c, 64 * mm, top(51 * mm))
    c.showPage()


def back(c, row):
    c.setFillColor(HexColor(row["colour"]))
    c.rect(0, H - 4 * mm, W, 4 * mm, stroke=0, fill=1)
    c.setFillColor(black)
    text = c.beginText(4 * mm, H - 10 * mm)
    text.setFont("Badge", 7, leading=8.4)
    for line in RULES:
        text.textLine(line)
    c.drawText(text)
    symbol = code128.Code128(row["serial"], barHeight=10 * mm, barWidth=1, quiet=0)
    symbol.barWidth = 40 * mm / symbol.width
    symbol.__init__(row["serial"], barHeight=10 * mm, barWidth=symbol.barWidth, quiet=0)
    symbol.drawOn(c, 4 * mm, H - 48 * mm)
    c.showPage()


def badges(out, rows):
    c = canvas.Canvas(out, pagesize=(W, H))
    for row in rows:
        front(c, row)
        back(c, row)
    c.save()


def main():
    roster, regular, bold, out, warm_up = sys.argv[1:6]
    pdfmetrics.registerFont(TTFont("Badge", regular))
    pdfmetrics.registerFont(TTFont("Badge-Bold", bold))
    with open(roster, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    badges(io.BytesIO(), rows[: int(warm_up)])
    started = time.perf_counter()
    badges(out, rows)
    elapsed = time.perf_counter() - started
    print(f"badges_per_s {len(rows) / elapsed:.1f}")


if __name__ == "__main__":
    if "--profile" in sys.argv:
        import cProfile
        import pstats

        sys.argv.remove("--profile")
        cProfile.run("main()", "/tmp/reportlab-badges.prof")
        pstats.Stats("/tmp/reportlab-badges.prof", stream=sys.stderr).sort_stats("cumulative").print_stats(18)
    else:
        main()
