"""Answers in from the survey tools people already use: the toolkit's own answers file, and
SurveyMonkey, Google Forms and Microsoft Forms exports, matched to a round's statements,
rungs and perspectives automatically and by a mapping file, previewed, then imported all or
nothing through `Service.import_answers`.

A page or command:

1. `read_file(path)` (or an upload's bytes) and, if given, `read_mapping(path_or_bytes)`;
2. `preview_import(data, name, framework, perspectives, layout=..., mapping=..., taken=...)`
   (or `Service.import_preview`, which finds the framework, perspectives and names taken
   for a round): the columns and answers matched, people per perspective, answers per
   statement, and every problem at its row and/or column;
3. if `preview.ok`: `Service.import_answers(actor, round_id, preview.answer_rows())`;
4. `mapping_yaml(preview.mapping)` to keep the mapping for next time.
"""

from toolkit.surveys.layouts import AUTO, FORMATS, TOOL_NAMES, detect, normalise
from toolkit.surveys.mapping import (
    LocatedMapping,
    PerspectiveColumn,
    SurveyMapping,
    mapping_yaml,
    read_mapping,
)
from toolkit.surveys.preview import (
    ColumnMatch,
    LabelMatch,
    Person,
    Preview,
    preview_file,
    preview_import,
)
from toolkit.surveys.report import describe
from toolkit.surveys.table import read_file

__all__ = [
    "AUTO",
    "FORMATS",
    "TOOL_NAMES",
    "ColumnMatch",
    "LabelMatch",
    "LocatedMapping",
    "Person",
    "PerspectiveColumn",
    "Preview",
    "SurveyMapping",
    "describe",
    "detect",
    "mapping_yaml",
    "normalise",
    "preview_file",
    "preview_import",
    "read_file",
    "read_mapping",
]
