"""A worker's SQS batch (shared/sqs_batch.py) keeps Lambda's partial-batch contract: a record that fails is
reported alone, so SQS retries only it; a batch whose every record failed fails the invocation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from shared.sqs_batch import handle_batch


class Job(BaseModel):
    job_id: str


def batch(*bodies: str) -> dict[str, Any]:
    return {"Records": [{"messageId": f"m{i}", "body": body} for i, body in enumerate(bodies)]}


def job(job_id: str) -> str:
    return json.dumps({"job_id": job_id, "extra": "ignored"})


def test_every_record_handled_reports_no_failure() -> None:
    done: list[str] = []

    answer = handle_batch(batch(job("a"), job("b")), Job, lambda j: done.append(j.job_id))

    assert answer == {"batchItemFailures": []}
    assert done == ["a", "b"]


def test_a_record_that_raises_or_does_not_parse_is_reported_alone() -> None:
    done: list[str] = []

    def handle(j: Job) -> None:
        if j.job_id == "boom":
            raise RuntimeError("failed")
        done.append(j.job_id)

    answer = handle_batch(batch(job("a"), job("boom"), "not json", job("d")), Job, handle)

    assert answer == {"batchItemFailures": [{"itemIdentifier": "m1"}, {"itemIdentifier": "m2"}]}
    assert done == ["a", "d"]


def test_a_batch_whose_every_record_failed_fails_the_invocation() -> None:
    with pytest.raises(ExceptionGroup) as failed:
        handle_batch(batch("{}", job("x")), Job, lambda j: 1 / 0)

    assert len(failed.value.exceptions) == 2


def test_an_empty_batch_is_no_failure() -> None:
    assert handle_batch({"Records": []}, Job, lambda j: None) == {"batchItemFailures": []}


def test_a_failed_record_is_logged_for_operators_without_the_body(caplog: pytest.LogCaptureFixture) -> None:
    def handle(j: Job) -> None:
        if j.job_id == "a":
            raise RuntimeError("the table answered 503")

    secret = json.dumps({"job": "no id", "email": "nguoi.bao@example.com"})
    handle_batch(batch(job("a"), secret, job("c")), Job, handle)

    lines = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert lines == [
        "record m0 failed: RuntimeError: the table answered 503",
        "record m1 failed: ValidationError (1 errors in the body)",
    ]
    assert "example.com" not in caplog.text
