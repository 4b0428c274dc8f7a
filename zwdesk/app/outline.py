"""The outline of the open issue: 报头, each section and subsection with its number, 版记."""

from __future__ import annotations

from zwdesk.app.nodes import DISTRIBUTION, MASTHEAD, SECTION, Node
from zwdesk.app.qt import Qt, QTreeWidget, QTreeWidgetItem
from zwdesk.core.bulletin import DISTRIBUTION_ANCHOR, MASTHEAD_ANCHOR
from zwdesk.store.issues import IssueSummary
from zwdesk.store.sections import SectionInfo, issue_sections

NODE_ROLE = Qt.ItemDataRole.UserRole


def _item(text: str, node: Node, anchor: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([text])
    item.setData(0, NODE_ROLE, node)
    item.setData(0, NODE_ROLE + 1, anchor)
    item.setToolTip(0, text)
    return item


def _title(text: str) -> str:
    return text if text.strip() else "（未填标题）"


def build_outline(tree: QTreeWidget, issue: IssueSummary | None) -> None:
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


def _section_items(issue: IssueSummary) -> list[QTreeWidgetItem]:
    items: list[QTreeWidgetItem] = []
    for section in issue_sections(issue.id):  # a section, then its subsections
        item = _section_item(section)
        if section.parent_id is None:
            items.append(item)
        else:
            items[-1].addChild(item)
    return items


def _section_item(section: SectionInfo) -> QTreeWidgetItem:
    return _item(section.number + _title(section.title), Node(SECTION, section.id),
                 section.anchor)


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


def current_anchor(tree: QTreeWidget) -> str:
    """The anchor (zwdesk.core.bulletin's name: masthead, s0.1, distribution) of the selection."""
    item = tree.currentItem()
    return item.data(0, NODE_ROLE + 1) if item is not None else ""


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
