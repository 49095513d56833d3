"""Illustrations and PDF files for the demo content, drawn by code so nothing is downloaded."""

import io
import math
from pathlib import Path

from PIL import Image, ImageDraw

FONTS = Path(__file__).resolve().parent / "fonts"
IMAGE_SIZE = (1200, 675)


def _hex(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def illustration_png(motif, palette):
    """A flat illustration: a two-colour gradient sky with the motif drawn in white."""
    width, height = IMAGE_SIZE
    top, bottom = _hex(palette[0]), _hex(palette[-1])
    image = Image.new("RGB", IMAGE_SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(top, bottom, y / height))
    ink, soft = (255, 255, 255), _mix(bottom, (255, 255, 255), 0.55)
    # The Danube runs along the bottom of every picture.
    for band in range(3):
        y0 = height - 150 + band * 40
        points = [(x, y0 + 12 * math.sin(x / 70 + band)) for x in range(0, width + 20, 20)]
        draw.line(points, fill=soft, width=6)
    MOTIFS.get(motif, _documents)(draw, width, height, ink, soft)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _bridge(draw, width, height, ink, soft):
    deck_y = height - 260
    draw.rectangle([60, deck_y, width - 60, deck_y + 18], fill=ink)
    for x in range(160, width - 100, 220):
        draw.rectangle([x, deck_y - 170, x + 22, height - 120], fill=ink)
        draw.line([(x + 11, deck_y - 170), (x - 100, deck_y)], fill=ink, width=5)
        draw.line([(x + 11, deck_y - 170), (x + 122, deck_y)], fill=ink, width=5)


def _river(draw, width, height, ink, soft):
    for band in range(5):
        y0 = 180 + band * 55
        points = [(x, y0 + 25 * math.sin(x / 90 + band * 0.8)) for x in range(0, width + 20, 20)]
        draw.line(points, fill=ink if band % 2 == 0 else soft, width=10)
    draw.ellipse([width - 260, 60, width - 140, 180], fill=ink)


def _building(draw, width, height, ink, soft):
    left, right, base = width // 2 - 300, width // 2 + 300, height - 170
    draw.polygon([(left - 30, base - 330), (width // 2, base - 450), (right + 30, base - 330)], fill=ink)
    draw.rectangle([left - 30, base - 20, right + 30, base], fill=ink)
    for x in range(left + 20, right, 110):
        draw.rectangle([x, base - 310, x + 45, base - 20], fill=ink)


def _people(draw, width, height, ink, soft):
    for index, x in enumerate(range(200, width - 150, 170)):
        y = height - 330 + (index % 2) * 30
        draw.ellipse([x, y, x + 80, y + 80], fill=ink)
        draw.rounded_rectangle([x - 25, y + 95, x + 105, y + 260], radius=50, fill=soft if index % 2 else ink)


def _screen(draw, width, height, ink, soft):
    draw.rounded_rectangle([width // 2 - 330, 90, width // 2 + 330, 460], radius=24, fill=ink)
    draw.rectangle([width // 2 - 300, 120, width // 2 + 300, 430], fill=soft)
    for row in range(4):
        draw.rectangle([width // 2 - 260, 160 + row * 65, width // 2 + 120 - row * 60, 190 + row * 65], fill=ink)
    draw.rectangle([width // 2 - 20, 460, width // 2 + 20, height - 150], fill=ink)


def _documents(draw, width, height, ink, soft):
    for index in range(3):
        x, y = width // 2 - 260 + index * 120, 80 + index * 40
        draw.rectangle([x, y, x + 300, y + 400], fill=soft if index < 2 else ink, outline=ink, width=4)
    for row in range(6):
        draw.line([(width // 2 + 10, 190 + row * 45), (width // 2 + 280, 190 + row * 45)], fill=soft, width=8)


def _map(draw, width, height, ink, soft):
    draw.polygon([(150, 150), (520, 110), (600, 260), (430, 380), (180, 340)], outline=ink, width=8)
    draw.polygon([(640, 120), (1050, 160), (1020, 360), (700, 400), (610, 260)], outline=ink, width=8)
    for x, y in ((330, 230), (820, 260)):
        draw.ellipse([x - 22, y - 22, x + 22, y + 22], fill=ink)


def _handshake(draw, width, height, ink, soft):
    draw.rounded_rectangle([120, 260, 560, 360], radius=40, fill=ink)
    draw.rounded_rectangle([640, 260, 1080, 360], radius=40, fill=soft)
    draw.ellipse([480, 220, 720, 400], fill=ink)


MOTIFS = {
    "bridge": _bridge,
    "river": _river,
    "building": _building,
    "people": _people,
    "screen": _screen,
    "documents": _documents,
    "map": _map,
    "handshake": _handshake,
}


def summary_pdf(title, heading, paragraphs, footer, language, figure=None):
    """A small A4 PDF/UA-1 (tagged) PDF with a real text layer in Cyrillic or Latin script.

    Written by WeasyPrint from HTML, not by reportlab: reportlab writes no structure tree, so its
    PDFs have no headings, reading order or alternative texts for a screen reader. WeasyPrint's
    ``pdf/ua-1`` variant tags the document from its HTML (h1, p, figure with alt), embeds the
    fonts, and writes the language (from ``<html lang>``) and the title (from ``<title>``) into
    the catalogue and metadata. ``figure``: optional ``(png bytes, alternative text)``.
    """
    from base64 import b64encode
    from html import escape

    from weasyprint import HTML

    figure_html = ""
    if figure:
        png, alternative = figure
        figure_html = (
            f'<figure><img src="data:image/png;base64,{b64encode(png).decode()}" alt="{escape(alternative)}"></figure>'
        )
    html = f"""<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8">
<title>{escape(title)}</title><meta name="author" content="BG-RO E-GoverNet">
<style>
@font-face {{ font-family: DemoSans; src: url("{(FONTS / "DejaVuSans.ttf").as_uri()}"); }}
@font-face {{ font-family: DemoSans; font-weight: bold; src: url("{(FONTS / "DejaVuSans-Bold.ttf").as_uri()}"); }}
@page {{ size: A4; margin: 22mm 20mm; @bottom-left {{ content: "{escape(footer)}"; font: 8pt DemoSans; }} }}
body {{ font: 11pt/16pt DemoSans; }} h1 {{ font-size: 18pt; line-height: 23pt; margin: 0 0 14pt; }}
p {{ margin: 0 0 8pt; }} img {{ width: 100%; }}
</style></head><body><h1>{escape(heading)}</h1>{figure_html}
{"".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)}</body></html>"""
    # A fixed identifier and no creation date: the same content gives the same bytes, so
    # reloading the demo changes nothing.
    return HTML(string=html, base_url=str(FONTS)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=b"bgro-demo-summary", uncompressed_pdf=False
    )
