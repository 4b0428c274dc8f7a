"""The links from an issue's entries to the 来稿 they were adopted from, kept when an issue's
content is rewritten whole.

A link is a column of the entry's row (TextEntry.submitted_item), not a key of the issue dict:
the exchange format, the review's comparison and 新建下一期 never see it. Edits, moves and
splits keep the row, so they keep the link; undo restores rows with their links
(zwdesk.store.snapshots). Storing a whole issue dict over an issue (an accepted review,
``import --replace``) makes new rows: there the links are carried to the entries that
correspond to the old ones, found as the review aligns the two issues (an item whose text was
edited is still the same item; a deleted one loses its link, and its 来稿 is 待审 again).
"""

from __future__ import annotations

from typing import Any

from zwdesk.store.blocks import ROWS
from zwdesk.store.models import Section, SubmittedItem, TextEntry

Steps = tuple[Any, ...]  # ('sections', 2, 'subsections', 1, 'block', 'items', 3)


def _entry_steps(issue_id: int) -> dict[int, Steps]:
    """The place of each entry of an issue in its issue dict (zwdesk.store.issues.load_issue),
    by entry id: two queries, the issue's sections and its entries."""
    sections = list(Section.select(Section.id, Section.parent, Section.position, Section.kind)
                    .where(Section.issue == issue_id).order_by(Section.position, Section.id))
    index: dict[int, int] = {}
    seen: dict[int | None, int] = {}
    for section in sections:  # the n-th among its siblings, as load_issue orders them
        index[section.id] = seen.get(section.parent_id, 0)
        seen[section.parent_id] = index[section.id] + 1
    by_id = {s.id: s for s in sections}
    query = (TextEntry.select(TextEntry.id, TextEntry.section)
             .join(Section).where(Section.issue == issue_id)
             .order_by(TextEntry.section, TextEntry.position, TextEntry.id))
    places: dict[int, Steps] = {}
    count: dict[int, int] = {}
    for entry in query:
        position = count.get(entry.section_id, 0)
        count[entry.section_id] = position + 1
        places[entry.id] = (*_section_steps(by_id[entry.section_id], by_id, index), "block",
                            ROWS[by_id[entry.section_id].kind].key, position)
    return places


def _section_steps(section: Section, by_id: dict[int, Section], index: dict[int, int]) -> Steps:
    if section.parent_id is None:
        return ("sections", index[section.id])
    return ("sections", index[section.parent_id], "subsections", index[section.id])


def issue_links(issue_id: int) -> dict[Steps, int]:
    """The linked entries of an issue: their place in the issue dict → the 来稿's id."""
    items = dict(TextEntry.select(TextEntry.id, TextEntry.submitted_item).join(Section).where(
        (Section.issue == issue_id) & TextEntry.submitted_item.is_null(False)).tuples())
    if not items:
        return {}
    return {steps: items[entry] for entry, steps in _entry_steps(issue_id).items()
            if entry in items}


def carry_links(issue_id: int, old: dict[str, Any], new: dict[str, Any],
                links: dict[Steps, int]) -> None:
    """Link the entries of the issue ``issue_id``, now stored from ``new``, that correspond to
    the linked entries of ``old`` (``links``, as ``issue_links`` gave them before)."""
    if not links:
        return
    from zwdesk.core.review import corresponding  # loads the review only when needed

    targets = {corresponding(old, new, steps): item for steps, item in links.items()}
    entries = {steps: entry for entry, steps in _entry_steps(issue_id).items()}
    for steps, item in targets.items():
        if steps in entries:
            TextEntry.update(submitted_item=item).where(TextEntry.id == entries[steps]).execute()


def claimable(item_ids: set[int]) -> set[int]:
    """Those of the 来稿 ``item_ids`` that still exist and that no entry links to (an undo may
    restore a link only to a 来稿 that was not adopted elsewhere meanwhile)."""
    if not item_ids:
        return set()
    taken = TextEntry.select(TextEntry.submitted_item).where(
        TextEntry.submitted_item.in_(item_ids))
    return set(SubmittedItem.select(SubmittedItem.id).where(
        SubmittedItem.id.in_(item_ids) & SubmittedItem.id.not_in(taken)).scalars())
