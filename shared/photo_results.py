"""What the photo worker found for each photo of a report, stored beside the report in its partition."""

from __future__ import annotations

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from shared.aws import table
from shared.config import get_settings
from shared.models import PhotoResult

PREFIX = "PHOTO#"


#     pk = report id   sk = PHOTO#<upload id>
#
# Separate items, not a field of the report: the worker then never races the routing worker on the
# report's `version`. Each item is written once (conditional put), so a redelivered event changes nothing.
class PhotoResults:
    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().reports_table

    def record(self, report_id: str, result: PhotoResult) -> bool:
        """False when this photo was already recorded (a repeated delivery)."""
        item = {"pk": report_id, "sk": PREFIX + result.upload_id, **result.model_dump(mode="json")}
        try:
            table(self.table_name).put_item(
                Item={k: v for k, v in item.items() if v is not None},
                ConditionExpression="attribute_not_exists(pk)",
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def for_report(self, report_id: str) -> dict[str, PhotoResult]:
        response = table(self.table_name).query(
            KeyConditionExpression=Key("pk").eq(report_id) & Key("sk").begins_with(PREFIX)
        )
        results = (PhotoResult.model_validate(item) for item in response["Items"])
        return {result.upload_id: result for result in results}

    def get(self, report_id: str, upload_id: str) -> PhotoResult | None:
        item = table(self.table_name).get_item(Key={"pk": report_id, "sk": PREFIX + upload_id}).get("Item")
        return PhotoResult.model_validate(item) if item else None
