"""Answers files in and out of a round, for leads and admins (and the command line): a preview
of what a file (the toolkit's own answers file or a survey tool's export) would add, and a
round's sent-in answers in the answers-file format. The import itself is
`Service.import_answers`, all or nothing."""

from __future__ import annotations

from toolkit.scoring import Answer
from toolkit.surveys import AUTO, LocatedMapping, Preview, SurveyMapping, preview_import

from .actors import Actor
from .permissions import Can, check


class AnswerFilesService:
    """Mixed into `Service`: reading answers files for a round, and writing its answers."""

    def import_preview(
        self,
        actor: Actor,
        round_id: int,
        data: bytes,
        display: str,
        *,
        layout: str = AUTO,
        mapping: SurveyMapping | LocatedMapping | None = None,
    ) -> Preview:
        """What importing a file's bytes into the round would add (matched to its framework
        and perspectives, against the names already used in it), or every problem that stops
        it. Nothing is written."""
        round_ = self.round(actor, round_id, counts=False)
        check(actor, Can.RUN_ROUNDS, round_.organisation_id)
        framework = self._framework(round_)
        perspectives = self._perspectives(round_)
        taken = {r.display_name for r in self.store.respondents(round_.id) if r.display_name}
        return preview_import(
            data, display, framework, perspectives, layout=layout, mapping=mapping, taken=taken
        )

    def export_answers(self, actor: Actor, round_id: int) -> list[tuple[Answer, str]]:
        """A round's sent-in answers with their notes, as an answers file holds them: each
        person a number in the round (`respondent-1`, in the order they started), their
        answers in the framework's order."""
        round_ = self.round(actor, round_id, counts=False)
        check(actor, Can.RUN_ROUNDS, round_.organisation_id)
        order = {s.id: i for i, s in enumerate(self._framework(round_).statements)}
        rows = self.store.answer_rows(round_.id, notes=True)
        numbers: dict[int, int] = {}
        for respondent_id, *_ in rows:
            numbers.setdefault(respondent_id, len(numbers) + 1)
        rows.sort(key=lambda r: (numbers[r[0]], order.get(r[2], len(order)), r[2]))
        exported = [(Answer(f"respondent-{numbers[r[0]]}", r[1], r[2], r[3]), r[4]) for r in rows]
        self._audit(
            actor,
            "answers exported",
            f"{len(exported)} answers from {len(numbers)} people in {round_.title}",
            round_.organisation_id,
        )
        return exported
