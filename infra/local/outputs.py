"""`python -m infra.local.outputs <key>`: prints one value of the running local run's outputs.json, so an
example reads `curl -s "$(.venv/bin/python -m infra.local.outputs demo_webhook_url)"`."""

from __future__ import annotations

import argparse
import json
import sys

from shared.local_run import read_outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m infra.local.outputs",
        description="Print one value of the local run's outputs.json (in PHANANH_LOCAL_DIR, default .local).",
    )
    parser.add_argument("key", help="e.g. api_url, demo_webhook_url, open311_api_key, user_pool_client_id")
    key = parser.parse_args(argv).key
    outputs = read_outputs()
    if key not in outputs:
        raise SystemExit(f"No {key!r} in the outputs; there are: {', '.join(sorted(outputs))}.")
    value = outputs[key]
    print(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
