"""zwdesk — 政务服务工作 weekly bulletin editor for the Sichuan government service center."""

__version__ = "0.1.0"
