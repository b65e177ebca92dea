"""Botocore's retry quota sized for the containers the local run stands in for.

In standard retry mode (boto3's default) each client holds a quota of retries (500 units, 5 per retry,
given back as calls succeed): a burst of throttling cannot turn into a storm of retries. In the cloud every
Lambda container builds its own clients, so one container's bad minute spends only its own quota. The
local run hosts every function, several invocations of each at once, in one process, and the handlers
share one client per service (shared/aws.py): one quota spent by all of them. Under FAULTS it ran dry
within the first minute and most injected faults then reached the handlers unretried, a much harsher
world than the cloud's (the reliability suite's workers failed whole messages into their dead-letter
queues). So the one shared quota gets the capacity of all the containers it stands for.

Botocore builds each client's quota as `quota.RetryQuota()`, reading the class from its module at that
moment; a subclass with a larger default set there before any client is built is the smallest change that
keeps botocore's own accounting. Local run only: production clients know nothing of this.
"""

from __future__ import annotations

import threading

from botocore.retries import quota

PER_CONTAINER = quota.RetryQuota.INITIAL_CAPACITY


def install(containers: int) -> int:
    """Every client built from now on starts with `containers` containers' quota; that capacity."""
    capacity = PER_CONTAINER * max(1, containers)

    class ContainersQuota(quota.RetryQuota):
        INITIAL_CAPACITY = capacity

        def __init__(self, initial_capacity: int = capacity, lock: threading.Lock | None = None) -> None:
            super().__init__(initial_capacity, lock)

    quota.RetryQuota = ContainersQuota  # type: ignore[misc]
    return capacity
