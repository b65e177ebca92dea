"""Settings read from the environment (names come from infra/topology.py)."""

from __future__ import annotations

from functools import cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    aws_region: str = "ap-southeast-1"
    reports_table: str = "reports"
    directory_table: str = "directory"
    deliveries_table: str = "deliveries"
    stats_table: str = "stats"
    idempotency_table: str = "idempotency"
    uploads_table: str = "uploads"
    photos_bucket: str = "photos"
    event_bus_name: str = "reports"
    mail_from: str = "phananh@demo.gov.vn"
    public_web_url: str = "http://127.0.0.1:8080"
    timezone: str = "Asia/Ho_Chi_Minh"
    answer_days_default: int = 6


@cache
def get_settings() -> Settings:
    return Settings()
