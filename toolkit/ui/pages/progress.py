"""progress (being written)."""

from toolkit.ui import widgets

widgets.page("progress")
