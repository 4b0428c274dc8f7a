"""The command line: ``zwdesk [--db PATH|URL] COMMAND``; with no command it opens the desktop
app."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType, ModuleType
from typing import TYPE_CHECKING, NoReturn

from zwdesk import __version__, backupcli
from zwdesk.console import failure_line, guarded_stdout, on_terminal, shown
from zwdesk.core import limits
from zwdesk.core.errors import QUOTE_LIMIT, ZwdeskError, quote, quote_path

if TYPE_CHECKING:
    from peewee import Database

    from zwdesk.store.location import Location

DESCRIPTION = "政务服务工作 周报：录入、保存、导出 Word/PDF、打印。不带命令时打开桌面程序。"
EPILOG = """commands:
  import FILE... [--replace]     导入交换文件（.json）或往期 Word 文档（.docx/.doc/.wps），
                                 可给多个文件或文件夹；同年同期已存在时拒绝，除非 --replace；
                                 有文件未导入时退出状态为 1
  review YEAR-NUMBER FILE.docx [--accept]
                                 导入审阅稿：列出与本期的不同和批注；--accept 采纳全部修改
  dump YEAR-NUMBER -o FILE.json  导出交换文件，例如 2023-9
  export YEAR-NUMBER -o FILE.docx 导出 Word 文档（公文格式）
  export YEAR-NUMBER -o FILE.pdf  导出 PDF（由本机的 LibreOffice、Word 或 WPS 转换）
  export YEAR-NUMBER -o FILE.ofd  导出 OFD 版式文档（GB/T 33190，不需要办公软件）
  register YEAR-NUMBER -o FILE.docx|FILE.pdf
                                 导出分发登记表
  print YEAR-NUMBER [--printer NAME] [--copies N] [--output FILE.pdf]
                                 打印，默认份数为版记的“共印N份”
  check YEAR-NUMBER              检查，每行一个问题：错误|提醒<TAB>位置<TAB>说明；
                                 有问题时退出状态为 3
  check YEAR                     检查全年：期号、总期号、时段是否连续，今年以来是否逐期累计，
                                 平台累计数是否减少；输出与退出状态同上
  settings [--even-page on|off]  查看设置；--even-page 开关“版记放在偶数页”（双面印刷，默认开）
  list                           列出各期，最新在前
  search WORD... [--year YEAR] [--limit N]
                                 全文查找：期号<TAB>位置<TAB>上下文；几个词须出现在同一期
  sample                         加入示例期 2023年第9期
  stats [--from DATE] [--to DATE] [--by week|month|quarter|year] [-o FILE.csv|.xlsx|.png]
                                 按周/月/季/年统计综窗办件和平台数字，每行一个时段；
                                 .xlsx 含表格和图表，.png 为图表
  form -o FILE.docx              写出空白报送单，供各单位用 Word/WPS 填写后发回
  inbox add FILE...              收稿：报送 JSON 文件、填好的报送单（.docx/.doc/.wps）或文件夹；
                                 每条来稿一行：编号<TAB>单位<TAB>内容（在终端上截短）；
                                 有未收入的文件时退出 1
  inbox list [--state 待审|采用|未采用|退回|全部] [--unit UNIT] [--from DATE] [--to DATE]
             [--limit N]         列出来稿，最新在前：编号<TAB>状态<TAB>日期<TAB>单位<TAB>
                                 内容[<TAB>采用于的期号]；在终端上截短，输出到管道或文件时为全文
  inbox show ID                  一条来稿的全部内容，每行：项目<TAB>内容
  inbox adopt ID YEAR-NUMBER PLACE
                                 采用：放在该期 PLACE 的末尾（3.2 = 第3栏目第2子栏目，4 = 第4栏目）
  inbox decline ID [--reason TEXT]  不采用
  inbox return ID --reason TEXT  退回修改
  tally [--from DATE] [--to DATE] [-o FILE.csv|.xlsx|.docx]
                                 各单位报送、采用条数和采用率，默认本月；.docx 为通报
  history YEAR-NUMBER            修订记录，最早的在前：时间<TAB>用户<TAB>位置<TAB>原内容<TAB>
                                 新内容；在终端上截短，输出到管道或文件时为全文
{backups}
  db copy SOURCE TARGET [--replace]
                                 整个档案复制到另一个数据库（本机文件 ↔ 服务器）

database: --db PATH or --db postgresql://USER@HOST[:PORT]/DBNAME (a shared server; password
from PGPASSWORD or ~/.pgpass), else $ZWDESK_DB, else zwdesk.sqlite3 in the user data folder.
user: --user NAME, else $ZWDESK_USER, else the login name: who the history says wrote.
exit status: 0 success, 1 error, 2 usage error (用法错误)."""
EPILOG = EPILOG.replace("{backups}", backupcli.EPILOG)

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # Ctrl+C, as shells report it

# argparse's usage messages in Chinese; the original follows in parentheses.
_USAGE_MESSAGES = (
    (r"the following arguments are required: (.+)", "缺少参数 {0}"),
    (r"unrecognized arguments: (.+)", "无法识别的参数 {0}"),
    (r"invalid choice: (.+?) \(choose from (.+)\)", "无效的选项 {0}，可选：{1}"),
    (r"expected one argument", "需要一个值"),
    (r"invalid \w+ value: (.+)", "无效的值 {0}"),
    (r"not allowed with argument (.+)", "不能与 {0} 同时使用"),
    (r"one of the arguments (.+) is required", "须给出 {0} 之一"),
    (r"ambiguous option: (.+?) could match (.+)", "选项 {0} 有歧义，可能是 {1}"),
)


def translate_usage_error(message: str) -> str:
    """argparse's message in Chinese with the original as gloss; unknown ones as they are."""
    prefix = ""
    argument = re.fullmatch(r"argument (.+?): (.*)", message, re.DOTALL)
    if argument:
        prefix, message = f"参数 {argument[1]}：", argument[2]
    for pattern, chinese in _USAGE_MESSAGES:
        match = re.fullmatch(pattern, message, re.DOTALL)
        if match:
            return f"{prefix}{chinese.format(*match.groups())} ({message})"
    return prefix + message


class _ChineseHelp(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # noqa: ANN001
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse speaking Chinese: headings, the help option, usage errors (exit 2)."""

    def __init__(self, **kwargs) -> None:  # noqa: ANN003 - argparse's own keywords
        super().__init__(**{"formatter_class": _ChineseHelp, **kwargs, "add_help": False})
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出 (show this help)")

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> object:
        # argparse (3.11) drops a value "--" (``--from=--``) and hands an empty list on as
        # the option's value, where a value was required: refuse it as a missing one.
        values = super()._get_values(action, arg_strings)
        if action.nargs is None and action.option_strings and values == []:
            raise argparse.ArgumentError(action, "expected one argument")
        return values

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        problem = quote(translate_usage_error(message), 300)
        self.exit(EXIT_USAGE, f"{self.prog}: 用法错误：{problem}\n")


def _day(text: str) -> dt.date:
    """2023-03-10, also 2023-3-10, 2023年3月10日, 2023/3/10, 2023.3.10."""
    from zwdesk.core.dates import DateError, find_date

    try:
        found = find_date(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if found is None:
        raise argparse.ArgumentTypeError("日期不能为空，例如 2023-03-10")
    return found


def _database(text: str) -> Location:
    """A file path, or a server URL (never made into a file or folder)."""
    from zwdesk.store.location import LocationError, parse_location

    try:
        return parse_location(text)
    except LocationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _file_name(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("文件名不能为空 (empty file name)")
    return Path(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="zwdesk", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--db", metavar="PATH|URL", type=_database,
                        help="数据库文件，或服务器 postgresql://用户@主机[:端口]/数据库 "
                             "(database file or server URL)")
    parser.add_argument("--user", metavar="NAME", type=_user_name,
                        help="记入修订记录的用户名，默认为 $ZWDESK_USER 或登录名 (the name the "
                             "history records)")
    parser.add_argument("--version", action="version", version=f"zwdesk {__version__}",
                        help="显示版本号并退出 (show the version)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    cmd = commands.add_parser("import", help="导入交换文件或往期 Word 文档 (import issues)",
                              description="每个文件一行结果；全部导入时退出状态为 0，"
                                          "有文件未导入时为 1。")
    cmd.add_argument("files", type=_file_name, nargs="+", metavar="FILE",
                     help=".json、.docx、.doc 或 .wps 文件，或包含它们的文件夹")
    cmd.add_argument("--replace", action="store_true", help="覆盖同年同期 (replace)")

    cmd = commands.add_parser("review", help="导入审阅稿，列出与本期的不同 (compare a reviewed "
                                             "document)")
    cmd.add_argument("key", metavar="YEAR-NUMBER")
    cmd.add_argument("file", type=_file_name, metavar="FILE.docx")
    cmd.add_argument("--accept", action="store_true",
                     help="采纳全部修改，保存到本期 (store all the differences)")

    cmd = commands.add_parser("dump", help="导出交换文件 (write an issue as JSON)")
    cmd.add_argument("key", metavar="YEAR-NUMBER")
    cmd.add_argument("-o", dest="output", type=_file_name, required=True, metavar="FILE.json")

    cmd = commands.add_parser("export", help="导出 Word 文档、PDF 或 OFD (write the .docx, .pdf "
                                             "or .ofd)")
    cmd.add_argument("key", metavar="YEAR-NUMBER")
    cmd.add_argument("-o", dest="output", type=_file_name, required=True,
                     metavar="FILE.docx|FILE.pdf|FILE.ofd",
                     help="以 .docx 结尾导出 Word 文档，以 .pdf 结尾导出 PDF，以 .ofd 结尾导出 OFD")

    cmd = commands.add_parser("register", help="导出分发登记表 (write the distribution register)")
    cmd.add_argument("key", metavar="YEAR-NUMBER")
    cmd.add_argument("-o", dest="output", type=_file_name, required=True,
                     metavar="FILE.docx|FILE.pdf")

    cmd = commands.add_parser("print", help="打印 (print an issue)")
    cmd.add_argument("key", metavar="YEAR-NUMBER")
    where = cmd.add_mutually_exclusive_group()
    where.add_argument("--printer", metavar="NAME", help="打印机名称，默认为系统默认打印机")
    where.add_argument("--output", type=Path, metavar="FILE.pdf",
                       help="打印到 PDF 文件而不是打印机；文件中只有一份（不按份数重复）")
    cmd.add_argument("--copies", type=_whole_number(limits.COPIES_MAX), metavar="N",
                     help="份数，默认为版记的“共印N份” (default: the issue's copy count)")

    cmd = commands.add_parser("check", help="检查一期或全年 (list the problems of an issue or "
                                            "of a year's run; exit 3 if any)")
    cmd.add_argument("key", metavar="YEAR-NUMBER|YEAR", help="一期，例如 2023-9；或一年，例如 2023")

    cmd = commands.add_parser("settings", help="查看或修改设置 (show or change the settings)")
    cmd.add_argument("--even-page", choices=("on", "off"),
                     help="双面印刷时版记放在偶数页 (the 版记 on an even page)")

    cmd = commands.add_parser("stats", help="按时段统计 (figures by week, month, quarter, year)")
    cmd.add_argument("--from", dest="start", type=_day, metavar="DATE", help="起始日期 YYYY-MM-DD")
    cmd.add_argument("--to", dest="end", type=_day, metavar="DATE", help="截止日期 YYYY-MM-DD")
    cmd.add_argument("--by", choices=("week", "month", "quarter", "year"), default="week",
                     help="按周（默认）、月、季或年")
    cmd.add_argument("-o", dest="output", type=_file_name, metavar="FILE.csv|.xlsx|.png",
                     help="写入 CSV 或 Excel 文件（表格和图表），或 PNG 图片（图表）；"
                          "不给则输出到屏幕")

    cmd = commands.add_parser("search", help="全文查找，最新的一期在前 (search the text of every "
                              "issue, newest first; exit 1 if nothing is found)")
    cmd.add_argument("query", type=_text, nargs="+", metavar="WORD",
                     help="要查找的文字；几个词（加不加引号均可）须出现在同一期 (words)")
    cmd.add_argument("--year", type=_year, help="只查这一年 (only this year)")
    cmd.add_argument("--limit", type=_positive, default=50,
                     help="最多列出几条 (at most N hits; 50)")
    cmd = commands.add_parser("form", help="写出空白报送单 (write the blank Word form a unit "
                                           "fills in)")
    cmd.add_argument("-o", dest="output", type=_file_name, required=True, metavar="FILE.docx",
                     help="报送单 .docx 文件")
    _add_inbox_parser(commands)
    cmd = commands.add_parser("tally", help="报送采用情况 (per unit: items submitted, adopted, "
                                            "rate)")
    cmd.add_argument("--from", dest="start", type=_day, metavar="DATE",
                     help="起始日期 YYYY-MM-DD，默认本月1日")
    cmd.add_argument("--to", dest="end", type=_day, metavar="DATE",
                     help="截止日期 YYYY-MM-DD，默认本月末")
    cmd.add_argument("-o", dest="output", type=_file_name, metavar="FILE.csv|.xlsx|.docx",
                     help="写入表格（.csv、.xlsx）或通报（.docx）；不给则输出到屏幕")
    commands.add_parser("list", help="列出各期 (list issues, newest first)")
    cmd = commands.add_parser("history", help="修订记录，最早的在前 (who changed what and when, "
                                              "oldest first)")
    cmd.add_argument("key", metavar="YEAR-NUMBER", help="期号，例如 2023-9")
    commands.add_parser("sample", help="加入示例期 2023年第9期 (add the sample issue)")
    backupcli.add_parsers(commands, _file_name)
    _add_db_parser(commands)
    return parser


def _add_db_parser(commands: argparse._SubParsersAction) -> None:
    db = commands.add_parser("db", help="数据库：在本机文件和服务器之间复制整个档案 "
                                        "(the archive as a whole)")
    actions = db.add_subparsers(dest="action", metavar="ACTION", required=True)
    cmd = actions.add_parser("copy", help="复制全部内容到另一个数据库 (copy everything)",
                             description="复制各期、来稿和报送单位、设置等全部内容，"
                                         "并重建目标的全文索引；在目标上是一个事务。")
    cmd.add_argument("source", type=_database, metavar="SOURCE", help="源：文件路径或服务器地址")
    cmd.add_argument("target", type=_database, metavar="TARGET", help="目标：文件路径或服务器地址")
    cmd.add_argument("--replace", action="store_true",
                     help="目标已有数据时覆盖它 (replace what the target holds)")


INBOX_STATES = ("待审", "采用", "未采用", "退回")  # zwdesk.store.inbox.STATES (not loaded here)
ALL_STATES = "全部"


def _add_inbox_parser(commands: argparse._SubParsersAction) -> None:
    inbox = commands.add_parser("inbox", help="来稿：收稿、列出、采用、不采用、退回 (submitted "
                                              "items)")
    actions = inbox.add_subparsers(dest="action", metavar="ACTION", required=True)
    cmd = actions.add_parser("add", help="收稿 (add submissions)")
    cmd.add_argument("files", type=_file_name, nargs="+", metavar="FILE",
                     help="报送 JSON 文件（.json）、填好的报送单（.docx、.doc、.wps），"
                          "或放着它们的文件夹")
    cmd = actions.add_parser("list", help="列出来稿，最新在前 (list, newest first)")
    cmd.add_argument("--state", choices=(*INBOX_STATES, ALL_STATES),
                     help="只列这一状态；全部（默认）为不论状态")
    cmd.add_argument("--unit", type=_text, metavar="UNIT", help="只列这一单位")
    cmd.add_argument("--from", dest="start", type=_day, metavar="DATE", help="报送日期起")
    cmd.add_argument("--to", dest="end", type=_day, metavar="DATE", help="报送日期止")
    cmd.add_argument("--limit", type=_positive, default=100, metavar="N",
                     help="最多列出几条（默认 100）")
    cmd = actions.add_parser("show", help="一条来稿的全部内容 (one item in full)")
    cmd.add_argument("item", type=_positive, metavar="ID", help="来稿编号")
    cmd = actions.add_parser("adopt", help="采用 (adopt into an issue)")
    cmd.add_argument("item", type=_positive, metavar="ID", help="来稿编号")
    cmd.add_argument("key", metavar="YEAR-NUMBER", help="期号，例如 2023-9")
    cmd.add_argument("place", type=_place, metavar="PLACE",
                     help="3.2 = 第3栏目第2子栏目；4 = 第4栏目")
    cmd = actions.add_parser("decline", help="不采用 (decline)")
    cmd.add_argument("item", type=_positive, metavar="ID", help="来稿编号")
    cmd.add_argument("--reason", type=_text, default="", metavar="TEXT", help="原因")
    cmd = actions.add_parser("return", help="退回修改 (send back)")
    cmd.add_argument("item", type=_positive, metavar="ID", help="来稿编号")
    cmd.add_argument("--reason", type=_text, required=True, metavar="TEXT",
                     help="原因（须填写）")


def main(argv: Sequence[str] | None = None) -> int:
    # Standard output that cannot be written (a full disk) is said once, at the end, as one
    # line; the command itself goes on (zwdesk.console).
    with guarded_stdout() as output:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit:  # --help or --version written, or a usage error
            if output.failure is None:
                raise
            args = None
        if args is not None and args.command is not None:
            status = _run_cli(args)
    if output.failure is not None:
        print(f"zwdesk: {failure_line(output.failure)}", file=sys.stderr)
        return EXIT_ERROR
    return _run_gui(args.db) if args.command is None else status


def _run_cli(args: argparse.Namespace) -> int:
    try:
        with _sigterm_exits():
            status = _run_command(args)
        sys.stdout.flush()  # here, not at exit: a closed pipe is handled below
        return status
    except BrokenPipeError:
        # The reader went away (zwdesk list | head -1): the rest of the output goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except KeyboardInterrupt:  # Ctrl+C: what was begun was rolled back or removed
        print("zwdesk: 已中断，数据未作修改 (interrupted)", file=sys.stderr)
        return EXIT_INTERRUPTED


@contextlib.contextmanager
def _sigterm_exits() -> Iterator[None]:
    """While a command runs, SIGTERM raises SystemExit: finally blocks stop LibreOffice and
    remove temporary folders, as for Ctrl+C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _terminate(signum: int, frame: FrameType | None) -> NoReturn:
    raise SystemExit(128 + signum)


def _run_command(args: argparse.Namespace) -> int:
    db = None
    try:
        if args.command not in backupcli.WITHOUT_DATABASE:
            _set_user(args.user)
        # ``db copy`` names both of its databases; ``backups`` and ``restore`` work on a file
        # that may not open.
        if args.command not in backupcli.WITHOUT_DATABASE | WITHOUT_DATABASE:
            db = _open(args.db)
        from zwdesk.store.database import database_errors

        with database_errors():  # SQLite's own errors become one clear message, no traceback
            return COMMANDS[args.command](args)
    except ZwdeskError as exc:
        print(f"zwdesk: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if db is not None:
            db.close()  # checkpoints the WAL: the file is complete once the command returns


def main_gui() -> int:
    """Entry point of the windowed launcher (no console on Windows)."""
    return main(sys.argv[1:])


def _run_gui(db: Location | None) -> int:
    from zwdesk.app.main import run_app

    return run_app(db)


def _set_user(name: str | None) -> None:
    """The name this command's writes record: ``--user``, else $ZWDESK_USER (checked as
    ``--user`` is), else the login name."""
    from zwdesk.store.user import USER_ENV, check_name, set_user

    if name is None and os.environ.get(USER_ENV):
        try:
            check_name(os.environ[USER_ENV])
        except ZwdeskError as exc:
            raise ZwdeskError(f"环境变量 {USER_ENV}：{exc}") from None
    set_user(name)


def _user_name(text: str) -> str:
    from zwdesk.store.user import check_name

    try:
        name = check_name(_text(text))
    except ZwdeskError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if not name:
        raise argparse.ArgumentTypeError("用户名不能为空 (empty user name)")
    return name


def _open(db: Location | None) -> Database:
    from zwdesk.store.database import open_database

    return open_database(db)


def _cmd_import(args: argparse.Namespace) -> int:
    """Each file its own transaction; one line per file; 1 if any file was not imported."""
    from zwdesk.importing import collect_files, imported_line, read_files, store_read

    backupcli.backup_before_whole_import(args.files)
    archives = [p for p in args.files if p.suffix.lower() == ".zip"]
    archives_ok = backupcli.import_archives(archives, args.replace)
    files, problems = collect_files([p for p in args.files if p not in archives])
    for problem in problems:
        print(f"zwdesk: {problem.error}", file=sys.stderr)
    imported = 0
    try:
        for read in read_files(files):
            try:
                issue = store_read(read, replace=args.replace)
            except ZwdeskError as exc:
                print(f"zwdesk: {exc}", file=sys.stderr)
                continue
            imported += 1
            print(imported_line(issue, read))
            for warning in read.warnings:
                print(f"zwdesk: {quote_path(read.path.name)}: 提醒：{quote(warning, 300)}",
                      file=sys.stderr)
    except KeyboardInterrupt:
        print(f"zwdesk: 已中断：已导入 {imported} 个文件，其余未导入 (interrupted)",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0 if imported == len(files) and not problems and archives_ok else EXIT_ERROR


def _cmd_review(args: argparse.Namespace) -> int:
    from zwdesk.operations import accept_review, read_review
    from zwdesk.store.issues import get_issue, parse_issue_key, refuse_final

    issue = get_issue(*parse_issue_key(args.key))
    if args.accept:
        refuse_final(issue)  # said at once, before the document is read
    review = read_review(issue, args.file)
    for line in review.lines(60 if on_terminal() else limits.MAX_TEXT):  # whole into a pipe
        print(line)
    if args.accept and review.differences:
        accept_review(issue, review.apply(review.differences))
        print(f"已采纳 {len(review.differences)} 处修改")
    return 0


def _cmd_dump(args: argparse.Namespace) -> int:
    from zwdesk.operations import dump_issue
    from zwdesk.store.issues import get_issue, parse_issue_key

    dump_issue(get_issue(*parse_issue_key(args.key)), args.output)
    print(f"已写出 {quote_path(args.output)}")
    return 0


def _whole_number(most: int) -> Callable[[str], int]:
    """An argument of 1 to ``most`` in ASCII digits: a bigger one would overflow SQLite's
    integers (or Python's conversion of thousands of digits) and is a usage error instead."""
    def whole_number(text: str) -> int:
        digits = text.strip()
        if not (digits.isascii() and digits.isdigit()) or len(digits) > len(str(most)) \
                or not 1 <= int(digits) <= most:
            raise argparse.ArgumentTypeError(f"应为正整数，而不是 '{quote(text)}'（最大 {most}）")
        return int(digits)

    return whole_number


_positive = _whole_number(limits.MAX_COUNT)  # an id, a number of lines


def _year(text: str) -> int:
    if not re.fullmatch(r"\s*\d{4}\s*", text, re.ASCII) or \
            not limits.YEAR_MIN <= int(text) <= limits.YEAR_MAX:
        raise argparse.ArgumentTypeError(f"年份应为 {limits.YEAR_MIN}–{limits.YEAR_MAX}，"
                                          f"而不是 '{quote(text)}'")
    return int(text)


def _text(text: str) -> str:
    """A text argument stored or looked for (a search word, a unit, a reason): refused when
    the command line's bytes were not UTF-8 (Python keeps them as lone surrogates, which
    neither SQLite nor a file can hold)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(
            f"含有无法识别的字符：'{quote(text)}'，请用 UTF-8 编码输入 (not valid UTF-8)") from None
    return text


def _place(text: str) -> str:
    from zwdesk.store.inbox import InboxError, place_numbers

    try:
        place_numbers(text)
    except InboxError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _cmd_export(args: argparse.Namespace) -> int:
    from zwdesk.operations import export_issue
    from zwdesk.store.issues import get_issue, parse_issue_key

    export_issue(get_issue(*parse_issue_key(args.key)), args.output)
    print(f"已写出 {quote_path(args.output)}")
    if args.output.suffix.lower() == ".pdf":
        _note_missing_fonts()
    return 0


def _note_missing_fonts() -> None:
    from zwdesk.core.fonts import pdf_font_note

    note = pdf_font_note()
    if note:
        print(f"zwdesk: {note}", file=sys.stderr)


def _cmd_register(args: argparse.Namespace) -> int:
    from zwdesk.operations import export_document, write_register
    from zwdesk.store.issues import get_issue, parse_issue_key

    export_document(write_register, get_issue(*parse_issue_key(args.key)), args.output)
    print(f"已写出 {quote_path(args.output)}")
    return 0


def _cmd_print(args: argparse.Namespace) -> int:
    from zwdesk.core.office import work_folder
    from zwdesk.operations import bulletin_writer, write_pdf
    from zwdesk.store.issues import get_issue, load_issue, parse_issue_key, print_copies

    if args.output is not None and args.output.suffix.lower() != ".pdf":
        raise ZwdeskError("--output 应以 .pdf 结尾 "
                          f"(expected a .pdf file, got {quote_path(args.output)})")
    issue = get_issue(*parse_issue_key(args.key))
    copies = args.copies if args.copies is not None else print_copies(issue)
    data = load_issue(issue)
    printing = _headless_qt("printing")
    # The printer is looked up first: a wrong name fails before seconds of conversion.
    printer = None if args.output else printing.make_printer(args.printer)
    with work_folder("print") as work:
        pdf = Path(work) / "bulletin.pdf"
        write_pdf(bulletin_writer(), data, pdf)
        _note_missing_fonts()
        if printer is None:
            print(printing.print_to_file(pdf, args.output))
        else:
            print(printing.print_to_printer(pdf, printer, copies))
    return 0


def _headless_qt(module: str) -> ModuleType:
    """A module of the app (printing, charts) for the command line: it needs a QApplication,
    not a screen."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported
    import importlib

    from zwdesk.app.main import make_application

    loaded = importlib.import_module(f"zwdesk.app.{module}")
    make_application()
    return loaded


CHECK_EXIT = 3  # ``check`` listed problems (1 is an error of the command itself)


def _cmd_check(args: argparse.Namespace) -> int:
    from zwdesk.core.checks import problem_place
    from zwdesk.core.problems import ERROR

    if re.fullmatch(r"\s*\d{4}\s*", args.key, re.ASCII):
        return _check_year(int(args.key))
    from zwdesk.store.issues import check_stored_issue, get_issue, load_issue, parse_issue_key

    issue = get_issue(*parse_issue_key(args.key))
    data = load_issue(issue)
    problems = check_stored_issue(issue, data)
    for problem in problems:
        severity = "错误" if problem.severity == ERROR else "提醒"
        print(f"{severity}\t{problem_place(data, problem)}\t{problem.message}")
    return CHECK_EXIT if problems else 0


def _check_year(year: int) -> int:
    from zwdesk.core.problems import ERROR
    from zwdesk.core.yearcheck import check_year
    from zwdesk.store.issues import year_run

    if not limits.YEAR_MIN <= year <= limits.YEAR_MAX:
        raise ZwdeskError(f"年份应为 {limits.YEAR_MIN}–{limits.YEAR_MAX} "
                          f"(year must be {limits.YEAR_MIN}–{limits.YEAR_MAX}, got {year})")
    issues, before = year_run(year)
    if not issues:
        raise ZwdeskError(f"没有 {year}年的期刊 (no issues in {year})")
    problems = check_year(issues, before)
    for problem in problems:
        severity = "错误" if problem.severity == ERROR else "提醒"
        print(f"{severity}\t{problem.place}\t{problem.message}")
    return CHECK_EXIT if problems else 0


def _cmd_settings(args: argparse.Namespace) -> int:
    from zwdesk.store.settings import banji_even_page, set_banji_even_page

    if args.even_page is not None:
        set_banji_even_page(args.even_page == "on")
    state = "on" if banji_even_page() else "off"
    print(f"even-page\t{state}\t版记放在偶数页（双面印刷；版记前有空白页时两页均不编页码）")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    from zwdesk.core.wording import period_line
    from zwdesk.store.issues import list_issues

    for issue in list_issues():
        status = "定稿" if issue.status == "final" else "草稿"
        period = period_line(issue.period_start, issue.period_end)
        print(f"{issue.year}-{issue.number}\t{issue.year}年第{issue.number}期\t"
              f"总第{issue.serial}期\t{period}\t{status}")
    return 0


def _cmd_history(args: argparse.Namespace) -> int:
    """TIME<TAB>USER<TAB>place<TAB>old<TAB>new, oldest first; the old and new texts whole
    into a pipe or a file, cut on a terminal."""
    from zwdesk.store.history import issue_history
    from zwdesk.store.issues import get_issue, parse_issue_key

    for line in issue_history(get_issue(*parse_issue_key(args.key)).id):
        print(f"{line.at:%Y-%m-%d %H:%M:%S}\t{shown(line.user, QUOTE_LIMIT)}\t"
              f"{shown(line.place, limits.MAX_TEXT)}\t{shown(line.old, SNIPPET)}\t"
              f"{shown(line.new, SNIPPET)}")
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    from zwdesk.store.search import query_words, search, snippet

    query = " ".join(args.query)  # search 无人机 采伐 is one query, as "无人机 采伐" is
    hits = search(query, year=args.year, limit=args.limit)
    whole = not on_terminal()  # into a pipe or a file: the whole text, the match marked
    for hit in hits:
        found = snippet(hit.text, query_words(query), len(hit.text)) if whole else hit.snippet
        print(f"{hit.year}-{hit.number}\t{shown(hit.place, limits.MAX_TEXT)}\t"
              f"{shown(found, limits.MAX_TEXT)}")
    if not hits:
        print(f"zwdesk: 没有找到“{quote(query)}” (no match)", file=sys.stderr)
        return EXIT_ERROR
    return 0


def _cmd_sample(args: argparse.Namespace) -> int:
    from zwdesk.operations import add_sample

    issue, added = add_sample()
    state = "已加入" if added else "已存在"
    print(f"示例期 {issue.year}年第{issue.number}期{state}")
    return 0


STATS_SUFFIXES = (".csv", ".xlsx", ".png")


def _cmd_stats(args: argparse.Namespace) -> int:
    """One row per period: tab-separated on the screen, a CSV file for Excel/WPS, an Excel
    workbook with charts, or a chart as a PNG image."""
    from zwdesk.core.stats import HEADER_CHINESE, by_period
    from zwdesk.store.figures import issue_figures

    suffix = None if args.output is None else args.output.suffix.lower()
    if suffix is not None and suffix not in STATS_SUFFIXES:
        raise ZwdeskError(f"统计只能写成 .csv、.xlsx 或 .png 文件 (expected .csv, .xlsx or "
                          f".png, got {quote_path(args.output)})")
    _refuse_reversed(args.start, args.end)
    periods = by_period(issue_figures(args.start, args.end), args.by)
    rows = [row.cells() for row in periods]
    if suffix is None:
        for cells in (HEADER_CHINESE, *rows):
            print("\t".join(map(str, cells)))
        return 0
    if not periods:
        raise ZwdeskError("所选时段内没有期刊，未写出文件 (no issues in the chosen dates)")
    if suffix == ".xlsx":
        from zwdesk.core.statsbook import write_stats_xlsx

        write_stats_xlsx(args.output, periods, args.by)
    elif suffix == ".png":
        from zwdesk.core.stats import sequence_chart

        _headless_qt("charts").write_png(args.output, [sequence_chart(periods, args.by)])
    else:
        from zwdesk.core.csvfile import write_csv

        write_csv(args.output, (HEADER_CHINESE, *rows))
    print(f"已写出 {quote_path(args.output)}（{len(rows)} 行）")
    return 0


SNIPPET = 30  # characters of an item's text in a listing line on a terminal (else whole)


def _cmd_inbox(args: argparse.Namespace) -> int:
    from zwdesk.store import inbox

    if args.action == "add":
        return _inbox_add(args.files)
    if args.action == "list":
        if args.unit is not None:
            _refuse_unknown_unit(args.unit, inbox.unit_names())
        state = None if args.state == ALL_STATES else args.state
        where = inbox.ItemFilter(state, args.unit, args.start, args.end)
        for item in inbox.list_items(where, 0, args.limit):
            adopted = "" if item.issue is None else "\t{}-{}".format(*item.issue)
            print(f"{item.id}\t{item.state}\t{item.date.isoformat()}\t"
                  f"{shown(item.unit, QUOTE_LIMIT)}\t{shown(item.text, SNIPPET)}{adopted}")
        return 0
    if args.action == "show":
        _show_item(inbox.get_item(args.item))
        return 0
    if args.action == "adopt":
        from zwdesk.store.issues import parse_issue_key

        entry = inbox.adopt_into(args.item, *parse_issue_key(args.key), args.place)
        print(f"已采用：{inbox.describe_entry(entry)}")
        return 0
    if args.action == "decline":
        inbox.decline(args.item, args.reason)
        print(f"来稿 {args.item} 未采用")
        return 0
    inbox.return_item(args.item, args.reason)
    print(f"来稿 {args.item} 已退回")
    return 0


def _show_item(item) -> None:  # noqa: ANN001 - zwdesk.store.inbox.InboxItem
    """Field<TAB>value lines, the text last and whole."""
    from zwdesk.store import inbox

    entry = inbox.adopted_at(item.id)
    fields = (("编号", item.id), ("状态", item.state), ("报送单位", item.unit),
              ("撰稿人", item.author), ("联系电话", item.phone), ("报送日期", item.date),
              ("来源", item.source), ("栏目", item.topic), ("原因", item.reason),
              ("采用于", "" if entry is None else inbox.describe_entry(entry)),
              ("内容", item.text))
    for name, value in fields:
        print(f"{name}\t{shown(value, limits.MAX_TEXT if name == '内容' else QUOTE_LIMIT)}")


def _refuse_unknown_unit(unit: str, known: list[str]) -> None:
    """--unit is a registered name as it stands; part of one gets the names that hold it."""
    from zwdesk.core.unitnames import unit_name

    name = unit_name(unit)
    if name in known:
        return
    like = [known_name for known_name in known if name and name in known_name]
    hint = ("，名称中含“{}”的有：{}".format(quote(unit), "、".join(map(quote, like[:10])))
            if like else "")
    raise ZwdeskError(f"没有名为“{quote(unit)}”的报送单位{hint} (no such unit)")


def _inbox_add(files: list[Path]) -> int:
    """Each file its own transaction; one line per item added; 1 if any file was not."""
    from zwdesk.inboxfiles import receive_files

    failed = 0
    for result in receive_files(files):
        if result.error:
            failed += 1
            print(f"zwdesk: {result.error}", file=sys.stderr)
        if result.new_unit:
            _note_new_unit(result.unit)
        for item_id, text in result.items:
            print(f"{item_id}\t{shown(result.unit, QUOTE_LIMIT)}\t{shown(text, SNIPPET)}")
    return EXIT_ERROR if failed else 0


def _note_new_unit(unit: str) -> None:
    """新单位：… on standard error (standard output stays one line per item), with the
    registered names close to it, as the app's paste dialog says it."""
    from zwdesk.core.unitnames import near_names
    from zwdesk.store.inbox import unit_names

    near = near_names(unit, [name for name in unit_names() if name != unit])
    hint = "，相近的已有：{}".format("、".join(f"“{quote(n)}”" for n in near[:5])) if near else ""
    print(f"zwdesk: 新单位：{quote(unit)}，已加入单位名录{hint} (new unit)", file=sys.stderr)


def _refuse_reversed(start: dt.date | None, end: dt.date | None) -> None:
    if start is not None and end is not None and start > end:
        raise ZwdeskError(f"起始日期 {start} 晚于截止日期 {end} (--from is after --to)")


def _cmd_form(args: argparse.Namespace) -> int:
    from zwdesk.core.submission_form import write_blank_form

    if args.output.suffix.lower() != ".docx":
        raise ZwdeskError(f"报送单只能写成 .docx 文件 (expected a .docx file, got "
                          f"{quote_path(args.output)})")
    write_blank_form(args.output)
    print(f"已写出空白报送单 {quote_path(args.output)}")
    return 0


def _cmd_db(args: argparse.Namespace) -> int:
    from zwdesk.store.copying import copy_archive

    report = copy_archive(args.source, args.target, replace=args.replace)
    for line in report.lines():
        print(line)
    return 0


def _cmd_tally(args: argparse.Namespace) -> int:
    from zwdesk.core.tally import HEADER, make_tally, month_range, write_tally
    from zwdesk.store.inbox import tally_counts

    # Without dates: this month; --to alone: its month; --from alone: up to the end of this
    # month.
    start, end = month_range(args.end or dt.date.today())
    start, end = args.start or start, args.end or max(end, args.start or end)
    _refuse_reversed(start, end)
    tally = make_tally(start, end, tally_counts(start, end))
    if args.output is None:
        for cells in (HEADER, *tally.table()):
            print("\t".join(shown(cell, QUOTE_LIMIT) for cell in cells))
        return 0
    write_tally(args.output, tally)
    print(f"已写出 {quote_path(args.output)}（{len(tally.rows)} 个单位）")
    return 0


COMMANDS = {"import": _cmd_import, "review": _cmd_review, "dump": _cmd_dump, "export": _cmd_export,
            "register": _cmd_register, "print": _cmd_print, "check": _cmd_check,
            "settings": _cmd_settings, "list": _cmd_list, "sample": _cmd_sample,
            "stats": _cmd_stats, "search": _cmd_search, "form": _cmd_form,
            "inbox": _cmd_inbox, "tally": _cmd_tally, "history": _cmd_history, "db": _cmd_db,
            **backupcli.COMMANDS}
WITHOUT_DATABASE = frozenset({"db"})
