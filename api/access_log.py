"""The server's access log without query strings: ``GET /v1/search?q=…`` would write a user's words (and any
personal data in them) to the log. Paths stay, so the log still says which route was asked and how it went."""

from __future__ import annotations

import logging


class DropQueryString(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # uvicorn's access record: (client_addr, method, full_path, http_version, status_code)
        if isinstance(record.args, tuple) and len(record.args) >= 3 and isinstance(record.args[2], str):
            path = record.args[2].split("?", 1)[0]
            record.args = (*record.args[:2], path, *record.args[3:])
        return True


def install() -> None:
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, DropQueryString) for f in logger.filters):
        logger.addFilter(DropQueryString())
