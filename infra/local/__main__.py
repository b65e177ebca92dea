"""`python -m infra.local` — what `make run` starts."""

import signal
import sys

from infra.local.runner import main


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
sys.exit(main())
