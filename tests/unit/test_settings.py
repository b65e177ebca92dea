"""The settings the Lambdas read from their environment, as pydantic-settings read them before."""

from __future__ import annotations

from datetime import date

from shared.config import Settings, settings_from


def test_variables_fill_their_fields_whatever_their_case() -> None:
    settings = settings_from({"REPORTS_TABLE": "reports-prod", "mail_from": "a@b.vn", "PATH": "/usr/bin"})

    assert settings.reports_table == "reports-prod"
    assert settings.mail_from == "a@b.vn"
    assert settings.stats_table == Settings().stats_table  # unset: the default


def test_numbers_and_json_date_lists_are_parsed() -> None:
    settings = settings_from(
        {
            "ANSWER_DAYS_DEFAULT": "4",
            "WEBHOOK_TIMEOUT_S": "2.5",
            "EXTRA_DAYS_OFF": '["2027-02-03", "2027-02-04"]',
            "MAKEUP_WORKING_DAYS": "[]",
        }
    )

    assert settings.answer_days_default == 4
    assert settings.webhook_timeout_s == 2.5
    assert settings.extra_days_off == [date(2027, 2, 3), date(2027, 2, 4)]
    assert settings.makeup_working_days == []
