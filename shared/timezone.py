"""Vietnam's time zone: a date or time without an offset is a Vietnamese one (UTC+7, no daylight saving)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
