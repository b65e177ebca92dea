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

    def original(self, key: str, max_bytes: int) -> tuple[int, bytes] | None:
        """An upload's whole size and its bytes, in one GET: None when nothing was uploaded there; no bytes
        when it is larger than `max_bytes` (the body is left unread: it is refused for its size). The size
        is the object's when read, so one that grew after an earlier look is measured as it is now."""
        try:
            response = client("s3").get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{max_bytes - 1}")
        except ClientError as error:
            code = error.response["Error"]["Code"]
            if code in {"404", "NoSuchKey", "NotFound"}:
                return None
            if code == "InvalidRange":  # S3's answer to a range on an empty object
                return 0, b""
            raise
        body = response["Body"]
        try:
            # "bytes 0-99/1234": the whole size after the slash; without a range answer, the length is it.
            whole = str(response.get("ContentRange") or "").rpartition("/")[2]
            size = int(whole or response["ContentLength"])
            return size, b"" if size > max_bytes else bytes(body.read(max_bytes))
        finally:
            body.close()

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

    def publish(self, key: str, data: bytes, content_type: str) -> bool:
        """A cleaned copy, written only where none is (S3's conditional write): once published, a copy is
        never replaced by a later cleaning, of a duplicate event or of bytes re-posted to its upload slot."""
        try:
            client("s3").put_object(
                Bucket=self.bucket, Key=key, Body=data, ContentType=content_type, IfNoneMatch="*"
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "PreconditionFailed":
                return False
            raise
        return True
