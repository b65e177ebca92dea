"""Which libraries X-Ray traces: the ones our functions make calls with.

Left to itself, Powertools' Tracer patches every library the X-Ray SDK knows (requests, httpx, sqlite3,
pymongo, …), importing each one that is installed, on every cold start. Our functions call AWS through
botocore and send webhooks through urllib3, which runs on http.client ("httplib" to the SDK): patching
those two keeps every segment we had and leaves the rest unimported (Powertools' documented
`patch_modules`, "patch only the modules you need").
"""

from __future__ import annotations

TRACED_MODULES = ("botocore", "httplib")
