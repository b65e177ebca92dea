"""The cost model's arithmetic: DynamoDB's sizing rules, the units a write costs with its indexes, and
the alternatives moving the total the way their prices say."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from bench import cost
from bench.aws_calls import PLUMBING, Call, Invocation
from bench.capacity import Capacity, Units, item_size
from bench.life import LifeCost
from infra.local.provision import physical
from infra.topology import TOPOLOGY

REPORTS = physical(TOPOLOGY, "reports")


def test_item_size_follows_dynamodb_rules_in_either_notation() -> None:
    plain = {"pk": "PA-1", "n": 12345, "ok": True, "tags": ["a", "bb"]}
    wire = {
        "pk": {"S": "PA-1"},
        "n": {"N": "12345"},
        "ok": {"BOOL": True},
        "tags": {"L": [{"S": "a"}, {"S": "bb"}]},
    }
    # names 2+1+2+4, "PA-1" 4, 5 digits → 4 bytes, a boolean 1, a list 3 + (1+1) + (1+2)
    assert item_size(plain) == item_size(wire) == 9 + 4 + 4 + 1 + 8


class NoReads:
    def get_item(self, **_: Any) -> dict[str, Any]:
        return {}


def test_a_report_write_costs_one_unit_more_per_index_it_lands_in_and_double_in_a_transaction() -> None:
    capacity = Capacity(NoReads())
    item = {"pk": "PA-1", "sk": "META", "feed_month": "2026-11", "status_key": "STATUS#received"}
    capacity(Call("intake-api", "dynamodb", "put_item"), {"TableName": REPORTS, "Item": item}, {})
    assert (capacity.units.wru, capacity.units.wru_in_indexes) == (3, 2)  # the table, feed, by_status
    transaction = {"TransactItems": [{"Put": {"TableName": REPORTS, "Item": item}}]}
    capacity(Call("intake-api", "dynamodb", "transact_write_items"), transaction, {})
    assert capacity.units.wru == 3 + 4


def test_a_write_moving_an_item_in_an_index_costs_a_delete_and_a_put_there() -> None:
    capacity = Capacity(NoReads())
    filed = {"pk": "PA-1", "sk": "META", "feed_month": "2026-11", "status_key": "STATUS#received"}
    capacity(Call("intake-api", "dynamodb", "put_item"), {"TableName": REPORTS, "Item": filed}, {})
    before = replace(capacity.units)

    accepted = {**filed, "status_key": "STATUS#accepted"}
    capacity(Call("staff-api", "dynamodb", "put_item"), {"TableName": REPORTS, "Item": accepted}, {})

    # The table 1; feed holds the item where it was: one copy; by_status moves it: a delete and a put.
    assert capacity.units.wru - before.wru == 1 + 1 + 2
    # Projecting keys only, feed is not written at all (neither its keys nor a projected attribute changed).
    assert capacity.units.wru_keys_only - before.wru_keys_only == 1 + 0 + 2


def life(photos_stored: int = 300_000) -> LifeCost:
    calls: Counter[Call] = Counter(
        {
            Call("intake-api", "dynamodb", "transact_write_items"): 1,
            Call("photo-worker", "s3", "put_object"): 2,
            Call("photo-worker", "s3", "get_object"): 1,
            Call(PLUMBING, "sqs", "receive_message"): 3,
        }
    )
    return LifeCost(
        calls=calls,
        photo_upload_bytes=400_000,
        photo_stored_bytes=photos_stored,
        emails=2,
        units=Units(rru=10, wru=50, wru_in_indexes=20, wru_keys_only=35, events=3, sqs_messages=3),
        invocations=[
            Invocation("intake-api", 0.05, 0.04),
            Invocation("routing-worker", 0.03, 0.02),
            Invocation("photo-worker", 0.2, 0.05),
        ],
        log_bytes=2000,
    )


def test_the_total_is_the_sum_of_its_lines_and_ses_stays_apart() -> None:
    lines = cost.lines(life())
    assert cost.total(life()) == round(sum(line.usd_per_million for line in lines), 2)
    assert not any("SES" in line.item for line in lines)
    assert [line.item for line in cost.apart(life())] == ["SES emails (apart)"]


def test_the_alternatives_move_the_total_the_way_their_prices_do() -> None:
    today = cost.total(life())
    by_name = {d.name: cost.total(life(), d) for d in cost.ALTERNATIVES}
    assert by_name["HTTP API, no WAF"] < by_name["HTTP API, WAF on CloudFront"] < today
    assert by_name["no photo"] < today < by_name["3 photos"]
    assert by_name["indexes project keys only"] < today
    assert by_name["every function 1024 MB"] != today


def test_full_photos_above_128_kb_move_to_standard_ia_and_pages_carry_thumbnails() -> None:
    big = replace(life(photos_stored=320_000), photo_thumb_bytes=20_000)
    small = replace(life(photos_stored=120_000), photo_thumb_bytes=20_000)

    def line(lived: LifeCost, item: str, design: cost.Design = cost.TODAY) -> cost.Line:
        return next(x for x in cost.lines(lived, design) if x.item.startswith(item))

    standard = cost.Design("no IA", photos_to_ia=False)
    assert line(big, "S3 storage").usd_per_million < line(big, "S3 storage", standard).usd_per_million
    assert line(big, "S3 lifecycle").quantity == 1
    assert line(small, "S3 lifecycle").quantity == 0  # IA would bill it as 128 KB: it stays in Standard
    thumbs_only = replace(big, photo_stored_bytes=big.photo_thumb_bytes)
    # The full photo is opened once; the page views carry thumbnails.
    extra = line(big, "CloudFront data").quantity - line(thumbs_only, "CloudFront data").quantity
    assert round(extra * cost.GB) == 300_000 * cost.FULL_PHOTO_VIEWS
