"""The photos bucket: private originals under uploads/, cleaned copies under public/."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from shared.aws import client
from shared.config import get_settings


# Everything is private in S3; the public sees cleaned copies only, through short-lived presigned GETs
# (behind CloudFront in the cloud). The emulator does not enforce presigned POST conditions, so nothing
# here trusts an upload: the photo worker checks every object itself.
class PhotoBucket:
    def __init__(self, bucket: str | None = None) -> None:
        self.bucket = bucket or get_settings().photos_bucket

    def presigned_post(self, key: str, content_type: str, max_bytes: int, expires_s: int) -> dict[str, Any]:
        return dict(
            client("s3").generate_presigned_post(
                Bucket=self.bucket,
                Key=key,
                Fields={"Content-Type": content_type},
                Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
                ExpiresIn=expires_s,
            )
        )

    def presigned_get(self, key: str, expires_s: int) -> str:
        return str(
            client("s3").generate_presigned_url(
                "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=expires_s
            )
        )

    def size(self, key: str) -> int | None:
        """The object's real size, or None when nothing was uploaded there."""
        try:
            return int(client("s3").head_object(Bucket=self.bucket, Key=key)["ContentLength"])
        except ClientError as error:
            if error.response["Error"]["Code"] in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise

    def read(self, key: str, limit: int) -> bytes:
        """At most `limit` bytes: the object may have grown since it was measured (or shrunk to nothing:
        S3 answers a range on an empty object with InvalidRange, which is no reason to retry)."""
        try:
            response = client("s3").get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{limit - 1}")
        except ClientError as error:
            if error.response["Error"]["Code"] == "InvalidRange":
                return b""
            raise
        return bytes(response["Body"].read())

    def put(self, key: str, data: bytes, content_type: str) -> None:
        client("s3").put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=content_type)
