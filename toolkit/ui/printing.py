"""The app's print stylesheet: printing a page (Board progress and Results above all) gives A4
pages that read as a report, with nothing cut off.

`PRINT_CSS` is a bare `@media print` block; `widgets.BASE_CSS` carries it, so every page
has it once. On paper:

- the controls go: the top bar, switches (Easy Read, "Show as table"), select boxes,
  buttons, download buttons, links to other pages, forms, the row of tabs (the tab shown
  prints), help icons, chart tool bars, the "Signed in as" line beside the switch, and any
  container whose key starts with `SCREEN_ONLY` (the board report's downloads);
- an expander's hidden part prints as part of the list it continues, without its toggle
  (columns holding one stack, one under the other);
- a chart is drawn in the browser at the width the screen gave it, which on a desktop is
  wider than A4: each of its layers is scaled (CSS `zoom`) to the width of its place on the
  page, worked out from the layer's own `width` attribute (typed `attr()` and arithmetic,
  in Chromium since 2025), and the chart's box follows. A browser without them leaves
  charts unclipped, and its "shrink to fit" makes the page fit instead;
- a chart, a metric and a bordered box are never split across two pages, and a chart stays
  with its heading above and its text alternative below.

No colours are changed: Streamlit already asks browsers to print background colours.
"""

from __future__ import annotations

__all__ = ["PRINT_CSS", "SCREEN_ONLY"]

SCREEN_ONLY = "tk_screen_only_"
"""The start of the key of a container that is left out of print (`st.container(key=...)`)."""

_CHART = '[data-testid="stPlotlyChart"]'
_LAYER_ZOOM = "min(1, calc(100cqw / (attr(width type(<number>), 1) * 1px)))"

PRINT_CSS = f"""
@media print {{
  @page {{ margin: 14mm 12mm 16mm 12mm; }}
  /* Controls are for the screen. */
  header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
  [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stElementContainer"]:has(> :is(.stSelectbox, .stMultiSelect, .stCheckbox,
    .stButton, .stDownloadButton, .stPageLink, .stTextInput, .stTextArea, .stFileUploader,
    .stNumberInput, .stDateInput)),
  .stSelectbox, .stMultiSelect, .stCheckbox, .stButton, .stDownloadButton, .stPageLink,
  [data-testid="stForm"], [data-testid="stTooltipIcon"], [data-testid="stHeaderActionElements"],
  [data-testid="stTabs"] [role="tablist"], [data-testid="stTabsScrollLeft"],
  [data-testid="stTabsScrollRight"],
  {_CHART} .modebar-container, [data-testid="stElementToolbar"],
  [data-testid="stColumn"]:has([class*="st-key-easy_switch_"]),
  [class*="st-key-{SCREEN_ONLY}"] {{
    display: none !important;
  }}
  /* The page's own words start at the top of the paper. */
  [data-testid="stMainBlockContainer"] {{ padding: 0 !important; max-width: none !important; }}
  /* An expander's hidden part continues the list above it, without its toggle. */
  [data-testid="stExpander"] details {{ border: none !important; }}
  [data-testid="stExpander"] summary {{ display: none !important; }}
  [data-testid="stExpander"] details::details-content {{
    content-visibility: visible !important; display: block !important; height: auto !important;
  }}
  [data-testid="stExpanderDetails"] {{ padding: 0 !important; }}
  /* Columns holding an expander stack: Chromium lays a long expander in a column of a row
     split over pages on top of what follows the row. */
  [data-testid="stHorizontalBlock"]:has([data-testid="stExpander"]) {{
    display: block !important;
  }}
  [data-testid="stHorizontalBlock"]:has([data-testid="stExpander"]) > [data-testid="stColumn"] {{
    width: 100% !important; margin-bottom: 1rem;
  }}
  /* A chart fits the width of its place on the page. */
  {_CHART} {{ container-type: inline-size; width: 100% !important; }}
  [data-testid="stElementContainer"]:has({_CHART}), [data-testid="stFullScreenFrame"]:has({_CHART}),
  {_CHART}, {_CHART} .js-plotly-plot, {_CHART} .plot-container {{ height: auto !important; }}
  {_CHART} .svg-container {{ width: auto !important; height: auto !important; }}
  {_CHART} svg.main-svg {{ zoom: {_LAYER_ZOOM}; }}
  {_CHART} svg.main-svg:first-of-type {{ position: relative !important; }}
  /* Nothing that belongs together is split between pages. */
  [data-testid="stElementContainer"]:has({_CHART}), {_CHART},
  [data-testid="stMetric"], [data-testid="stLayoutWrapper"] > [data-testid="stVerticalBlock"],
  [data-testid="stElementContainer"]:has(.stAlert) {{
    break-inside: avoid;
  }}
  [data-testid="stElementContainer"]:has([data-testid="stHeading"]),
  [data-testid="stElementContainer"]:has(h1, h2, h3, h4) {{
    break-after: avoid;
  }}
  [data-testid="stElementContainer"]:has(h1, h2, h3, h4)
    + [data-testid="stElementContainer"]:has([data-testid="stCaptionContainer"]) {{
    break-after: avoid;
  }}
  [data-testid="stElementContainer"]:has({_CHART})
    + [data-testid="stElementContainer"]:has([data-testid="stCaptionContainer"]) {{
    break-before: avoid;
  }}
  h1, h2, h3, h4 {{ break-after: avoid; }}
  p, li {{ orphans: 2; widows: 2; }}
}}
@supports not (zoom: {_LAYER_ZOOM}) {{
  @media print {{
    /* No typed attr(): leave charts whole, and let the browser shrink the page to fit. */
    {_CHART} .js-plotly-plot, {_CHART} .svg-container {{ overflow: visible !important; }}
  }}
}}
"""
