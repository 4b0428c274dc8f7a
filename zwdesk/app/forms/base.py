"""What every form has: a widget tree from ui/, bound fields, and a node it shows."""

from __future__ import annotations

from zwdesk.app.editor import IssueEditor
from zwdesk.app.fields import Fields
from zwdesk.app.nodes import Node
from zwdesk.app.qt import QLabel, QWidget
from zwdesk.app.uiload import load_ui


class Form:
    """Base of the forms; subclasses bind their fields in ``__init__`` and fill them in ``load``."""

    ui_file = ""

    def __init__(self, editor: IssueEditor, parent: QWidget | None = None) -> None:
        self.editor = editor
        self.widget = load_ui(self.ui_file, parent)
        self.widget.layout().addStretch(1)  # fields stay at the top, however tall the pane
        for label in self.widget.findChildren(QLabel):
            # Sentences (and texts set later: notes, messages) wrap, so a narrow pane (1024 px
            # laptops) never cuts a form off; a field's short name stays on one line.
            if not label.text() or len(label.text()) > 8:
                label.setWordWrap(True)
        self.fields = Fields(self.widget, editor, type(self).__name__)
        self.node: Node | None = None

    def show_node(self, node: Node) -> None:
        self.node = node
        self.fields.node = node
        self.fields.discard_pending()
        self.fields.clear_errors()
        self.load()
        self.fields.show_refusals()

    def finish_editing(self) -> None:
        """Store what is typed in a field that stores when editing finishes (see Fields)."""
        self.fields.flush()

    def load(self) -> None:
        """Read the node's values from the database into the widgets."""
        raise NotImplementedError

    def after_edit(self) -> None:
        """An edit reached the database: bring derived displays (list labels, notes) up to
        date without re-reading the field being typed in. Nothing to do by default."""

    def focus_field(self, key: str) -> None:
        self.fields.focus(key)

    def set_read_only(self, read_only: bool) -> None:
        self.fields.set_read_only(read_only)
