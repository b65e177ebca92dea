"""One instance of each store per process (Lambda reuses them across invocations)."""

from __future__ import annotations

from services.intake.feed import ReportFeed
from services.intake.photo_bucket import PhotoBucket
from services.intake.photo_results import PhotoResults
from services.intake.uploads import UploadRepository
from shared.directory import DirectoryRepository
from shared.repository import ReportRepository

reports = ReportRepository()
directory = DirectoryRepository()
uploads = UploadRepository()
photo_results = PhotoResults()
bucket = PhotoBucket()
feed = ReportFeed()
