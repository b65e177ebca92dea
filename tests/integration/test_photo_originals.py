"""The photo worker reads an upload's original in one ranged GET: its size and its bytes together."""

from __future__ import annotations

from infra.local.provision import Resources
from shared.aws import client
from shared.photo_bucket import PhotoBucket


def test_one_get_tells_missing_empty_too_large_and_reads_the_rest(aws: Resources) -> None:
    bucket = PhotoBucket()
    s3 = client("s3")
    s3.put_object(Bucket=bucket.bucket, Key="uploads/empty", Body=b"")
    s3.put_object(Bucket=bucket.bucket, Key="uploads/small", Body=b"x" * 100)
    s3.put_object(Bucket=bucket.bucket, Key="uploads/large", Body=b"y" * 1001)
    assert bucket.original("uploads/missing", 1000) is None  # never uploaded
    assert bucket.original("uploads/empty", 1000) == (0, b"")
    assert bucket.original("uploads/small", 1000) == (100, b"x" * 100)
    assert bucket.original("uploads/large", 1000) == (1001, b"")  # refused for its size, left unread
    assert bucket.original("uploads/large", 1001) == (1001, b"y" * 1001)
