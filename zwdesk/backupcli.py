"""The command line's backup commands: ``backup``, ``backups``, ``restore``, ``archive``.

``backups`` and ``restore`` work on a database that cannot be opened (damaged): they never open
it through the store. ``cli`` adds these parsers and dispatches to ``COMMANDS``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

EPILOG = """  backup [-o FILE]               备份数据库：不给 -o 时放入备份文件夹（默认为数据库旁的
                                 backups），自动保留最近 10 份、30 天内每天 1 份、更早每月 1 份
  backups                        列出备份，最新在前：文件<TAB>时间<TAB>期数<TAB>来稿数<TAB>大小
  restore FILE                   用备份恢复数据库：先检查备份，再保留当前文件（损坏的改名保留），
                                 然后放回备份；有 zwdesk 窗口打开该数据库时拒绝
  archive -o FILE.zip            把全部数据（各期、来稿及其采用情况、单位名录、设置）导出为一个
                                 文件，附清单和校验值；zwdesk import FILE.zip 可导回"""

WITHOUT_DATABASE = frozenset({"backups", "restore"})  # they must work on a damaged file


def add_parsers(commands: Any, file_name: Any) -> None:
    """Add the commands to the main parser's subparsers (``file_name`` checks a file argument)."""
    cmd = commands.add_parser("backup", help="备份数据库 (back up the database)")
    cmd.add_argument("-o", "--output", type=file_name, metavar="FILE",
                     help="备份文件；不给时放入备份文件夹 (default: the backups folder)")
    commands.add_parser("backups", help="列出备份，最新在前 (list the backups, newest first)")
    cmd = commands.add_parser("restore", help="用备份恢复数据库 (restore a backup)")
    cmd.add_argument("file", type=file_name, metavar="FILE", help="备份文件 (the backup)")
    cmd = commands.add_parser("archive", help="全部数据导出为一个文件 (the whole archive as "
                                              "one .zip)")
    cmd.add_argument("-o", "--output", type=file_name, metavar="FILE.zip", required=True,
                     help="导出的 .zip 文件 (the archive file)")


def _cmd_backup(args: argparse.Namespace) -> int:
    from zwdesk.store.backups import make_backup

    info = make_backup(args.output)
    print(f"已备份：{info.path}（{info.issues} 期，{info.items} 条来稿，{_size(info.size)}）")
    return 0


def _cmd_backups(args: argparse.Namespace) -> int:
    from zwdesk.store.backups import backup_folder_of, list_backups

    folder = backup_folder_of(database_path(args.db))
    backups = list_backups(folder)
    if not backups:
        print(f"{folder} 中没有备份", flush=True)
    for info in backups:
        print(f"{info.path}\t{info.time:%Y-%m-%d %H:%M:%S}\t{info.issues}\t{info.items}\t"
              f"{_size(info.size)}")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from zwdesk.store.backups import restore

    target = database_path(args.db)
    info, kept = restore(target, args.file)
    print(f"已恢复：{target} 现为 {info.path} 的内容（{info.issues} 期，{info.items} 条来稿）")
    if kept != target:
        print(f"原来的数据库保留在：{kept}")
    return 0


def _cmd_archive(args: argparse.Namespace) -> int:
    from zwdesk.store.archive import write_archive

    counts = write_archive(args.output)
    print(f"已导出全部：{args.output}（{counts['issues']} 期，{counts['items']} 条来稿，"
          f"{counts['units']} 个单位）")
    return 0


def import_archives(paths: list[Path], replace: bool) -> bool:
    """``import FILE.zip``: each archive whole or not at all, one line each; False if any was
    refused."""
    import sys

    from zwdesk.core.errors import ZwdeskError
    from zwdesk.store.archive import import_archive

    ok = True
    for path in paths:
        try:
            added = import_archive(path, replace)
        except ZwdeskError as exc:
            print(f"zwdesk: {exc}", file=sys.stderr)
            ok = False
            continue
        print(f"已导入 {path}：{added['issues']} 期，{added['submissions']} 份报送，"
              f"{added['items']} 条来稿")
    return ok


def backup_before_whole_import(paths: list[Path]) -> None:
    """A folder or an archive is a whole-archive operation: a rolling backup first (SQLite)."""
    from zwdesk.store.backups import backup_if_file

    if any(Path(p).is_dir() or Path(p).suffix.lower() == ".zip" for p in paths):
        backup_if_file()


def database_path(db: Any) -> Path:  # noqa: ANN401 - a Location from --db, or None
    """The database file ``--db`` (else ZWDESK_DB, else the default) names; a server's
    database has none (its administrator backs the server up)."""
    from zwdesk.core.errors import ZwdeskError
    from zwdesk.store.backups import server_backup_message
    from zwdesk.store.database import default_location
    from zwdesk.store.location import ServerLocation

    location = db if db is not None else default_location()
    if isinstance(location, ServerLocation):
        raise ZwdeskError(server_backup_message(str(location)))
    return Path(location)


def _size(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{max(1, size // 1024)} KB"


COMMANDS = {"backup": _cmd_backup, "backups": _cmd_backups, "restore": _cmd_restore,
            "archive": _cmd_archive}
