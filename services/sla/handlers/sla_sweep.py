"""sla-sweep, on a schedule: SLA warnings, breaches and escalations."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.sla.logic.deadline_sweep import sweep
from shared.cold_init import init_done
from shared.repository import ReportRepository
from shared.tracing import TRACED_MODULES

logger = Logger(service="sla")
tracer = Tracer(service="sla", patch_modules=TRACED_MODULES)
metrics = Metrics(namespace="PhanAnh", service="sla")
reports = ReportRepository()


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    result = sweep(reports)
    metrics.add_metric(name="SlaBreached", unit=MetricUnit.Count, value=result.breached)
    metrics.add_metric(name="SlaWarned", unit=MetricUnit.Count, value=result.warned)
    metrics.add_metric(name="SlaEscalated", unit=MetricUnit.Count, value=result.escalated)
    logger.info("sweep done", extra=asdict(result))
    return asdict(result)


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
