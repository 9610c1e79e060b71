"""What changed between two versions of the agenda: word by word, and block by block
so both sides can be shown as rendered Markdown."""

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property

_TOKENS = re.compile(r"\s+|[^\s]+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _meaning(token):
    """What a token means in Markdown: a run of spaces or a single line break is one space,
    a blank line a new paragraph, so "\r\n" from a browser equals "\n" from the seed."""
    if not token.isspace():
        return token
    return "\n\n" if _BLANK_LINE.search(token.replace("\r", "")) else " "


def word_diff(old, new):
    """The new text as (kind, text) pieces; kind is "same", "added" or "removed".

    Texts that differ only in line endings, trailing spaces or how a paragraph
    is wrapped read the same and show as unchanged.
    """
    before = _TOKENS.findall((old or "").strip())
    after = _TOKENS.findall((new or "").strip())
    matcher = difflib.SequenceMatcher(
        a=[_meaning(token) for token in before],
        b=[_meaning(token) for token in after],
        autojunk=False,
    )
    pieces = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("same", "".join(after[j1:j2])))
            continue
        if tag in ("delete", "replace"):
            pieces.append(("removed", "".join(before[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(("added", "".join(after[j1:j2])))
    return pieces


def _blocks(text):
    """A Markdown text's blocks (paragraphs, lists, headings), split at blank lines."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return [block.strip("\n") for block in _BLANK_LINE.split(text) if block.strip()]


def _block_meaning(block):
    return " ".join(block.split())


@dataclass
class Sides:
    """Two versions of a text as Markdown blocks, each marked "same", "removed" or "added"."""

    before: list
    after: list

    @property
    def changed(self):
        return any(kind != "same" for kind, _ in self.before + self.after)


def block_diff(old, new):
    """Both texts as (kind, block) lists: the old side marks what went, the new what came.

    Blocks that differ only in line endings or wrapping are the same block.
    """
    before, after = _blocks(old), _blocks(new)
    matcher = difflib.SequenceMatcher(
        a=[_block_meaning(block) for block in before],
        b=[_block_meaning(block) for block in after],
        autojunk=False,
    )
    sides = Sides(before=[], after=[])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            sides.before += [("same", block) for block in before[i1:i2]]
            sides.after += [("same", block) for block in after[j1:j2]]
            continue
        sides.before += [("removed", block) for block in before[i1:i2]]
        sides.after += [("added", block) for block in after[j1:j2]]
    return sides


@dataclass
class AgendaDiff:
    vision: list
    problem_statement: list
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    old_texts: tuple = ("", "")
    new_texts: tuple = ("", "")

    @property
    def text_changed(self):
        return any(kind != "same" for kind, _ in self.vision + self.problem_statement)

    @property
    def has_changes(self):
        return self.text_changed or bool(self.added or self.removed or self.changed)

    @cached_property
    def vision_sides(self):
        return block_diff(self.old_texts[0], self.new_texts[0])

    @cached_property
    def problem_statement_sides(self):
        return block_diff(self.old_texts[1], self.new_texts[1])


def agenda_diff(previous, current, previous_goals, current_goals):
    """Compare two versions, given each version's AgendaGoal rows."""
    before = {row.goal_id: row for row in previous_goals}
    after = {row.goal_id: row for row in current_goals}
    result = AgendaDiff(
        vision=word_diff(previous.vision, current.vision),
        problem_statement=word_diff(previous.problem_statement, current.problem_statement),
        old_texts=(previous.vision, previous.problem_statement),
        new_texts=(current.vision, current.problem_statement),
    )
    result.added = [row for goal_id, row in after.items() if goal_id not in before]
    result.removed = [row for goal_id, row in before.items() if goal_id not in after]
    for goal_id, row in after.items():
        old = before.get(goal_id)
        if old and (old.title, old.description) != (row.title, row.description):
            result.changed.append(
                {
                    "row": row,
                    "old": old,
                    "description_sides": block_diff(old.description, row.description),
                    "title": word_diff(old.title, row.title),
                    "description": word_diff(old.description, row.description),
                }
            )
    return result
