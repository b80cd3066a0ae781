"""Row and event ids: version 7 UUIDs, unique, and in the order they were made (so indexes are appended to)."""

from __future__ import annotations

import time
import uuid

from svassessor.storage.codec import new_id, new_ids


def test_ids_are_unique_version_7_uuids_that_read_back_as_written():
    ids = new_ids(50_000) + [new_id() for _ in range(1_000)]
    assert len(set(ids)) == len(ids)
    for text in ids[:500] + ids[-500:]:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (7, uuid.RFC_4122, text)


def test_ids_made_later_sort_after_earlier_ones_and_carry_the_time():
    before = time.time_ns() // 1_000_000
    first = new_id()
    time.sleep(0.002)
    later = new_ids(3)
    assert all(first < other for other in later)
    assert before <= int(first.replace("-", "")[:12], 16) <= time.time_ns() // 1_000_000
