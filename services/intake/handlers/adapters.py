"""The composition root's adapters: one of each per process (Lambda reuses them across invocations)."""

from __future__ import annotations

from services.intake.dal.feed_index import FeedIndex
from services.intake.dal.keyed_submissions import KeyedSubmissions
from services.intake.dal.upload_table import UploadTable
from shared.api_keys import ApiKeyRepository
from shared.directory import DirectoryRepository
from shared.photo_bucket import PhotoBucket
from shared.photo_results import PhotoResults
from shared.repository import ReportRepository

reports = ReportRepository()
directory = DirectoryRepository()
uploads = UploadTable()
photo_results = PhotoResults()
bucket = PhotoBucket()
feed = FeedIndex()
keyed_submissions = KeyedSubmissions()
api_keys = ApiKeyRepository()
