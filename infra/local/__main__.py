"""`python -m infra.local` — what `make run` starts."""

import sys

from infra.local.runner import main

sys.exit(main())
