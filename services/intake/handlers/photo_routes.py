"""Photo routes: upload slots (presigned S3 POST), and the published copies of a report's photos."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from services.intake.handlers.adapters import bucket, photo_results, reports, uploads
from services.intake.logic.photo_link import photo_location
from services.intake.logic.upload_slots import open_upload
from services.intake.models import UPLOAD_ID_PATTERN, OpenUpload, UploadSlot

router = APIGatewayRouter()


@router.post("/v1/uploads", summary="A slot to upload one photo (JPEG, PNG or WebP, ≤ 10 MB)")
def post_upload(body: OpenUpload) -> Response[UploadSlot]:
    slot = open_upload(body, uploads, bucket, datetime.now(UTC))
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body=slot)


@router.get(
    "/v1/reports/<report_id>/photos/<photo>",
    summary="A published photo (cleaned copy): redirects to a short-lived address",
    responses={302: {"description": "Redirect to the image"}},
)
def get_photo(
    report_id: Annotated[str, Path(max_length=20)],
    photo: Annotated[str, Path(pattern=UPLOAD_ID_PATTERN)],
    size: Annotated[Literal["full", "thumb"], Query()] = "full",
) -> Response[str]:
    location = photo_location(report_id, photo, size == "thumb", reports, photo_results, bucket)
    return Response(
        status_code=302, content_type=content_types.TEXT_PLAIN, body="", headers={"Location": location}
    )
