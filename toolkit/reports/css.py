"""The report's styles: shared rules, then the screen (the offline HTML file, which also
prints on A4) and paper (the PDF). Fonts are the computer's own (DejaVu Sans on Debian, which
WeasyPrint embeds in the PDF); nothing is loaded from anywhere."""

FONTS = '"DejaVu Sans", Verdana, Arial, Helvetica, sans-serif'

BASE = f"""
html {{ color: #1f1f1f; background: #ffffff; font-family: {FONTS}; }}
body {{ margin: 0; line-height: 1.45; }}
h1, h2, h3, h4 {{ line-height: 1.2; color: #0b3a5b; }}
h2 {{ border-bottom: 2px solid #0072b2; padding-bottom: 0.15em; }}
a {{ color: #005a8c; }}
.kicker {{ text-transform: uppercase; letter-spacing: 0.08em; color: #444; margin: 0; }}
h1.organisation {{ margin: 0.1em 0 0.2em; }}
.meta, .made {{ margin: 0.1em 0; color: #333; }}
.note {{ color: #333; font-size: 0.92em; }}
.statement {{ font-weight: bold; }}
.theme {{ color: #444; }}
.why {{ color: #333; font-style: italic; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; }}
caption {{ text-align: left; font-weight: bold; padding-bottom: 0.3em; }}
th, td {{ border-bottom: 1px solid #c8c8c8; padding: 0.25em 0.45em; text-align: left;
  vertical-align: top; }}
thead th {{ border-bottom: 2px solid #555; }}
tbody th {{ font-weight: normal; }}
.num {{ text-align: right; }}
td.num {{ white-space: nowrap; }}
ul, ol {{ padding-left: 1.4em; }}
li {{ margin-bottom: 0.45em; }}
.cards {{ display: flex; flex-wrap: wrap; gap: 0.6em; margin: 0.6em 0; }}
.card {{ flex: 1 1 10em; border: 1px solid #9a9a9a; border-radius: 4px; padding: 0.4em 0.6em; }}
.card p {{ margin: 0.1em 0; }}
.card-name {{ font-weight: bold; }}
.card-figure {{ font-size: 1.8em; font-weight: bold; color: #0b3a5b; }}
.card-words {{ font-size: 0.9em; }}
figure.chart {{ margin: 0.8em 0 1.2em; }}
figcaption {{ font-size: 0.92em; margin-top: 0.3em; }}
.chart-title {{ font-weight: bold; font-size: 1.1em; margin: 0.8em 0 0.2em; }}
"""

SCREEN = """
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; font-size: 1rem; }
h1.organisation { font-size: 2rem; }
h2 { font-size: 1.5rem; margin-top: 2.2rem; }
h3 { font-size: 1.15rem; margin-top: 1.4rem; }
.plot { width: 100%; }
@media print {
  @page { size: A4; margin: 15mm 14mm; }
  main { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  h3, h4 { break-after: avoid; }
  #headline { break-before: page; }
  figure.chart, li, tr, .card { break-inside: avoid; }
  .plot, .plot .plotly-graph-div { width: 100% !important; max-width: 100%; }
  .modebar-container { display: none !important; }
}
"""

PAPER = """
@page {
  size: A4;
  margin: 16mm 15mm 18mm 15mm;
  @bottom-left { content: string(organisation) " · " string(made); font-size: 7.5pt;
    color: #404040; font-family: "DejaVu Sans", sans-serif; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 7.5pt;
    color: #404040; font-family: "DejaVu Sans", sans-serif; }
}
html { font-size: 9pt; }
h1.organisation { font-size: 20pt; string-set: organisation content(); }
p.made { string-set: made content(); }
.kicker { font-size: 9pt; }
h2 { font-size: 14pt; margin: 1.2em 0 0.5em; break-after: avoid; }
h3 { font-size: 11pt; margin: 1em 0 0.35em; break-after: avoid; }
h4 { font-size: 9.5pt; margin: 0.6em 0 0.2em; break-after: avoid; }
p { margin: 0.3em 0 0.5em; }
.summary h2 { margin-top: 0.6em; }
.summary li { margin-bottom: 0.25em; }
.summary table { margin: 0.3em 0 0.6em; }
#headline { break-before: page; }
table { font-size: 8.5pt; }
thead { display: table-header-group; }
tr, li, .card { break-inside: avoid; }
figure.chart { break-inside: avoid; margin: 0.5em 0 0.9em; }
figure.chart img { width: 100%; height: auto; display: block; }
.cards { display: table; width: 100%; table-layout: fixed; border-spacing: 5pt 0;
  margin: 0.5em -5pt; }
.card { display: table-cell; vertical-align: top; }
.card-figure { font-size: 15pt; }
.summary { font-size: 8.3pt; line-height: 1.35; }
.summary p { margin: 0.2em 0 0.35em; }
.summary ul, .summary ol { margin: 0.2em 0; }
.summary li { margin-bottom: 0.15em; }
.summary h3 { font-size: 10pt; margin: 0.6em 0 0.2em; }
.summary h4 { margin: 0.3em 0 0.1em; }
.summary th, .summary td { padding: 0.15em 0.45em; }
.summary table { font-size: 8.3pt; }
.cover .meta, .cover .made { margin: 0; }
.chart-title { font-weight: bold; font-size: 10.5pt; margin: 0.6em 0 0.2em; break-after: avoid; }
"""
