"""A string known only once another construct exists: for two constructs that name each other.

The API's CORS origin is the web app's distribution, whose security headers name the API's origin. A
`Later` token given to the first is filled with the second's value before synthesis resolves it.
"""

from __future__ import annotations

import jsii
from aws_cdk import IStableStringProducer, Lazy


@jsii.implements(IStableStringProducer)
class Later:
    def __init__(self, what: str) -> None:
        self._what = what
        self._value: str | None = None

    def set(self, value: str) -> None:
        self._value = value

    def produce(self) -> str:
        if self._value is None:
            raise ValueError(f"{self._what} was used but never set")
        return self._value

    @property
    def token(self) -> str:
        return Lazy.string(self)
