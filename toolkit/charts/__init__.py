"""Plotly figures for results and progress, each with a text alternative and a table.

Every function here is pure: it takes a framework (or ladder) and scores from
`toolkit.scoring` and returns a `Chart` — a titled plotly figure, a plain-English text
alternative (`alt`) with the main finding in numbers, and the same data as a table for a
"show as table" view. No figure is worked out here: values are picked out of `Scores`, and
counts become percentages only for display.

One source each: every sentence of a text alternative, and every figure written as text (a
percentage, a position to one decimal, a gap in rungs), comes from `toolkit.describe`, so a
chart says what the app's sentences, the PDF and the HTML say, in the same words and with
the same rounding; every threshold (when a gap or a change counts as "about the same") comes
from `toolkit.scoring` through `describe`. The package holds no Streamlit.

- `style`: colours, fonts, sizes, layout, colour contrast, and text drawn safely (`label`).
- `chart`: the `Chart` a function returns, the empty chart, table columns.
- `themes`: one round, theme by theme (`theme_groups`, `theme_radar`).
- `sides`: lived experience beside staff and others (`perspective_dumbbell`).
- `statements`: statements by rungs (`statement_heatmap`, `distribution_bars`).
- `trends`: round by round (`journey_trend`, `theme_trends`, `gap_trend`).

Figures carry their own layout (title, fonts of 14 px and more, margins, height) and use no
external resources, so they look the same whatever `config` they are shown with. Groups
(doing to / for / with) are told apart by words as well as colour: a legend with the group
words, and text labels on the bars. Every word that came from a framework file or a person
goes into a figure escaped (`style.label`); a chart's `title`, `alt` and `table` stay plain
text, and the page escapes them where it shows them.
"""

from toolkit.charts.chart import Chart
from toolkit.charts.sides import LIVED_EXPERIENCE_LABEL, OTHERS_LABEL, perspective_dumbbell
from toolkit.charts.statements import distribution_bars, statement_heatmap
from toolkit.charts.style import GROUP_COLOURS, text_colour_on
from toolkit.charts.themes import theme_groups, theme_radar
from toolkit.charts.trends import gap_trend, journey_trend, theme_trends
from toolkit.describe import NO_ANSWERS
from toolkit.framework import GROUP_LABELS

__all__ = [
    "GROUP_COLOURS",
    "GROUP_LABELS",
    "LIVED_EXPERIENCE_LABEL",
    "NO_ANSWERS",
    "OTHERS_LABEL",
    "Chart",
    "distribution_bars",
    "gap_trend",
    "journey_trend",
    "perspective_dumbbell",
    "statement_heatmap",
    "text_colour_on",
    "theme_groups",
    "theme_radar",
    "theme_trends",
]
