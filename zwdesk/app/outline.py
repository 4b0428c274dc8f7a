"""The outline of the open issue: 报头, each section and subsection with its number, 版记."""

from __future__ import annotations

from zwdesk.app.forms.base import DISTRIBUTION, MASTHEAD, SECTION, Node
from zwdesk.app.qt import Qt, QTreeWidget, QTreeWidgetItem
from zwdesk.core import wording
from zwdesk.core.bulletin import DISTRIBUTION_ANCHOR, MASTHEAD_ANCHOR, section_anchor
from zwdesk.store.models import Issue, Section

NODE_ROLE = Qt.ItemDataRole.UserRole


def _item(text: str, node: Node, anchor: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([text])
    item.setData(0, NODE_ROLE, node)
    item.setData(0, NODE_ROLE + 1, anchor)
    item.setToolTip(0, text)
    return item


def _title(text: str) -> str:
    return text if text.strip() else "（未填标题）"


def build_outline(tree: QTreeWidget, issue: Issue | None) -> None:
    """Rebuild the tree for ``issue``, keeping the selected node where it still exists.

    Quietly: a rebuild is not a new selection, so the form on show (and whatever the user is
    typing in it) is left alone. Callers that change the selection show its form themselves.
    """
    selected = current_node(tree)
    tree.blockSignals(True)
    tree.clear()
    if issue is not None:
        tree.addTopLevelItem(_item("报头", Node(MASTHEAD), MASTHEAD_ANCHOR))
        for item in _section_items(issue):
            tree.addTopLevelItem(item)
        tree.addTopLevelItem(_item("版记", Node(DISTRIBUTION), DISTRIBUTION_ANCHOR))
        tree.expandAll()
    select_node(tree, selected or Node(MASTHEAD))
    tree.blockSignals(False)


def _section_items(issue: Issue) -> list[QTreeWidgetItem]:
    sections = list(Section.select().where(Section.issue == issue.id)
                    .order_by(Section.position, Section.id))
    top = [s for s in sections if s.parent_id is None]
    items = []
    for index, section in enumerate(top):
        item = _item(wording.section_label(index + 1) + _title(section.title),
                     Node(SECTION, section.id), section_anchor(index))
        subs = [s for s in sections if s.parent_id == section.id]
        for sub_index, sub in enumerate(subs):
            item.addChild(_item(wording.subsection_label(sub_index + 1) + _title(sub.title),
                                Node(SECTION, sub.id), section_anchor(index, sub_index)))
        items.append(item)
    return items


def _all_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    items = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        items.append(top)
        items.extend(top.child(j) for j in range(top.childCount()))
    return items


def current_node(tree: QTreeWidget) -> Node | None:
    item = tree.currentItem()
    return item.data(0, NODE_ROLE) if item is not None else None


def select_node(tree: QTreeWidget, node: Node) -> bool:
    for item in _all_items(tree):
        if item.data(0, NODE_ROLE) == node:
            tree.setCurrentItem(item)
            return True
    if tree.topLevelItemCount():
        tree.setCurrentItem(tree.topLevelItem(0))
    return False


def select_anchor(tree: QTreeWidget, anchor: str) -> bool:
    for item in _all_items(tree):
        if item.data(0, NODE_ROLE + 1) == anchor:
            tree.setCurrentItem(item)
            return True
    return False
