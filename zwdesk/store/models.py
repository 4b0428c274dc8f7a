"""The peewee models. Portable SQL only: the same models will run on a shared PostgreSQL.

An issue owns an outline of sections; a section either has subsections or is a leaf that holds
one block, whose ``kind`` is stored on the section. Block content lives in typed tables:
counts are integer columns so later features can compute with them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    Check,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database = DatabaseProxy()


def on_server() -> bool:
    """Whether the open database is on a PostgreSQL server (else a SQLite file)."""
    return bool(getattr(database.obj, "server", False))

STATUS_DRAFT = "draft"
STATUS_FINAL = "final"


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class CountField(BigIntegerField):
    """A non-negative integer count, enforced by the database as well: up to 2**63 - 1
    (zwdesk.core.limits.MAX_COUNT), an INTEGER in SQLite and a BIGINT on a server."""

    def __init__(self, **kwargs: Any) -> None:  # noqa: ANN401 - IntegerField's options
        super().__init__(default=0, **kwargs)

    def bind(self, model: type[Model], name: str, set_attribute: bool = True) -> None:
        # The CHECK names the column, which is known only once the field is bound.
        self.constraints = [Check(f'"{name}" >= 0')]
        super().bind(model, name, set_attribute)


Row = tuple[Any, ...]


def tuples(query: Any) -> list[Row]:  # noqa: ANN401 - any peewee query
    """The rows of ``query`` as plain tuples in its columns' order (typed here: peewee's stubs
    say a model's query gives rows of the model)."""
    return list(query.tuples())


def first_tuple(query: Any) -> Row | None:  # noqa: ANN401 - any peewee query
    """The first row of ``query`` as a plain tuple; None when it has none."""
    return query.tuples().first()


class BaseModel(Model):
    # peewee adds this primary key to every model that names none; declared so that type
    # checkers see it too (the schema is the same; Setting's own key replaces it).
    id = AutoField()

    class Meta:
        database = database


class Setting(BaseModel):
    """Key/value pairs of the database itself (the schema version lives here)."""

    key = CharField(primary_key=True, max_length=64)
    value = TextField()


class Publication(BaseModel):
    name = TextField()  # 政务服务工作
    editor = TextField()  # 四川省政府政务服务和公共资源交易服务中心

    class Meta:
        indexes = ((("name", "editor"), True),)


class Issue(BaseModel):
    publication = ForeignKeyField(Publication, backref="issues", on_delete="RESTRICT")
    year = IntegerField()
    number = IntegerField()  # 第N期, unique within the year
    serial = IntegerField(unique=True)  # 总第M期
    issue_date = DateField()
    period_start = DateField()
    period_end = DateField()
    status = CharField(max_length=8, default=STATUS_DRAFT)
    updated_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("year", "number"), True),)


class Section(BaseModel):
    issue = ForeignKeyField(Issue, backref="sections", on_delete="CASCADE")
    parent = ForeignKeyField("self", null=True, backref="subsections", on_delete="CASCADE")
    position = IntegerField()
    title = TextField(default="")
    kind = CharField(max_length=32, null=True)  # block kind of a leaf; None above subsections


class WindowStats(BaseModel):
    section = ForeignKeyField(Section, unique=True, backref="window_stats", on_delete="CASCADE")
    week_consult = CountField()
    week_accept = CountField()
    week_issue = CountField()
    week_transfer = CountField()
    ytd_consult = CountField()
    ytd_accept = CountField()
    ytd_issue = CountField()
    ytd_transfer = CountField()


class PlatformStats(BaseModel):
    section = ForeignKeyField(Section, unique=True, backref="platform_stats", on_delete="CASCADE")
    source = TextField(default="")
    date_from = DateField()
    date_to = DateField()
    licensing_accepted = CountField()
    licensing_completed = CountField()
    public_accepted = CountField()
    public_completed = CountField()
    other_categories = CountField()
    other_accepted = CountField()
    other_completed = CountField()


# --- the inbox (来稿): what units submit, and whether it was used ---

# The stored states of a submitted item. 采用 is not stored: an item is adopted while an issue's
# TextEntry links to it (TextEntry.submitted_item), so removing that entry makes it 待审 again.
STATE_PENDING = "待审"
STATE_ADOPTED = "采用"
STATE_DECLINED = "未采用"
STATE_RETURNED = "退回"


class Unit(BaseModel):
    """The registry of units that submit items (a department's window, a 处室), offered when
    typing like the department registry."""

    name = TextField(unique=True)
    contact = TextField(default="")
    phone = TextField(default="")
    position = IntegerField(default=0)


class Submission(BaseModel):
    """One received file or paste of a unit: its items are SubmittedItem rows."""

    unit = ForeignKeyField(Unit, backref="submissions", on_delete="RESTRICT")
    author = TextField(default="")
    phone = TextField(default="")
    date = DateField(index=True)  # the submission date the unit gave (the tally counts by it)
    source = TextField()  # the file name, or 粘贴
    fingerprint = CharField(max_length=64, unique=True)  # core.submission.Submission.fingerprint
    received_at = DateTimeField(default=_now)


class SubmittedItem(BaseModel):
    """One 来稿 as the editor sees it: a paragraph of news and what became of it."""

    submission = ForeignKeyField(Submission, backref="items", on_delete="CASCADE", index=False)
    position = IntegerField()
    text = TextField()
    topic = TextField(default="")
    state = CharField(max_length=8, default=STATE_PENDING, index=True)  # never 采用, see above
    reason = TextField(default="")
    decided_at = DateTimeField(null=True)

    class Meta:
        # A submission's items in order: with the index on Submission.date, the newest-first
        # list pages without sorting every item.
        indexes = ((("submission", "position"), True),)


class TextEntry(BaseModel):
    """One department name, numbered item or plain paragraph of a list-like block."""

    section = ForeignKeyField(Section, backref="entries", on_delete="CASCADE")
    position = IntegerField()
    text = TextField(default="")
    # The 来稿 this item was adopted from; kept through edits of the text, moves and undo, and
    # never written to the exchange format (see zwdesk.store.inbox). Unique: adopted once.
    submitted_item = ForeignKeyField(SubmittedItem, null=True, unique=True, backref="entries",
                                     on_delete="SET NULL")


class InspectionCheck(BaseModel):
    section = ForeignKeyField(Section, backref="checks", on_delete="CASCADE")
    position = IntegerField()
    title = TextField(default="")
    finding = TextField(default="")


class Distribution(BaseModel):
    """The 版记: 报/送/发 lines and the number of copies printed."""

    issue = ForeignKeyField(Issue, unique=True, backref="distribution", on_delete="CASCADE")
    report = TextField(default="")
    send = TextField(default="")
    issue_line = TextField(default="")
    copies = IntegerField(default=1, constraints=[Check("copies >= 1")])
    # Whether the issue keeps a recipient register (an empty one is still a register).
    has_register = BooleanField(default=False)
    # 共印N份 follows the sum of the recipients' copies (off: set by hand, e.g. spare copies).
    copies_auto = BooleanField(default=False)


class Recipient(BaseModel):
    issue = ForeignKeyField(Issue, backref="recipients", on_delete="CASCADE")
    position = IntegerField()
    group = CharField(max_length=2)  # 报 / 送 / 发
    name = TextField()
    copies = IntegerField(default=1, constraints=[Check("copies >= 1")])


class Department(BaseModel):
    """The registry of provincial departments offered when filling a department list."""

    name = TextField(unique=True)
    position = IntegerField(default=0)


class HistoryLine(BaseModel):
    """One write of an issue's content: when, by whom, where in the issue (in words), and the
    value before and after it; a whole-issue action (定稿, import --replace, undo…) in one
    line, its name as the place. See zwdesk.store.history."""

    issue = ForeignKeyField(Issue, backref="history", on_delete="CASCADE", index=False)
    at = DateTimeField()
    user_name = TextField()  # not ``user``: a reserved word of PostgreSQL
    place = TextField()
    old = TextField(default="")
    new = TextField(default="")
    # What was written (model, row and column, e.g. ``TextEntry:12:text``): the next write of
    # the same field by the same user merges into this line while it is the issue's last.
    key = CharField(max_length=64, default="")

    class Meta:
        # One issue's lines in order, and its last line, read through the index: a read never
        # grows with the archive.
        indexes = ((("issue", "id"), False),)


class PartVersion(BaseModel):
    """The version of one part of an issue (a section ``s12``, ``masthead``, ``distribution``),
    or the issue's write count (``issue``, ``all``), and who wrote it last and when: see
    zwdesk.store.versions."""

    issue = ForeignKeyField(Issue, backref="part_versions", on_delete="CASCADE", index=False)
    part = CharField(max_length=16)
    version = BigIntegerField(default=0)
    changed_by = TextField(default="")
    changed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("issue", "part"), True),)


ALL_MODELS = [
    Setting, Publication, Issue, Section, WindowStats, PlatformStats,
    TextEntry, InspectionCheck, Distribution, Recipient, Department,
    Unit, Submission, SubmittedItem, HistoryLine, PartVersion,
]
