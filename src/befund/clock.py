"""The build's date: from ``SOURCE_DATE_EPOCH`` when set, so the same input builds the same site."""

from __future__ import annotations

import datetime as dt
import os


def build_date() -> dt.date:
    """The date a build is stamped with (access dates, the site's default version)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.datetime.now(tz=dt.timezone.utc).date()
