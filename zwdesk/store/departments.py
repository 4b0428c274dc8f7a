"""The registry of provincial departments (科技厅, 省贸促会, …) the department form offers."""

from __future__ import annotations

from peewee import fn

from zwdesk.core.cleantext import clean_text
from zwdesk.store.models import Department, database
from zwdesk.store.transaction import writes

SEED_FILE = "departments.txt"


def seed_names() -> list[str]:
    from zwdesk.paths import resource_path

    lines = resource_path(SEED_FILE).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def seed_registry() -> None:
    """Fill an empty registry with the usual departments (idempotent)."""
    if Department.select().exists():
        return
    rows = [{"name": name, "position": i} for i, name in enumerate(seed_names())]
    with database.atomic():
        Department.insert_many(rows).execute()


def registry_names() -> list[str]:
    return [d.name for d in Department.select().order_by(Department.position, Department.id)]


@writes
def remember(name: str) -> bool:
    """Add a department to the registry; False when it was there already or is blank."""
    name = clean_text(name).strip()
    if not name or Department.select().where(Department.name == name).exists():
        return False
    last = Department.select(fn.MAX(Department.position)).scalar() or 0
    Department.create(name=name, position=last + 1)
    return True


@writes
def forget(name: str) -> None:
    Department.delete().where(Department.name == name).execute()
