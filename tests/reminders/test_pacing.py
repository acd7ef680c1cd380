from __future__ import annotations

import pytest

from reminders.pacing import Pacer, is_group
from reminders.ports import RateLimits


def send_times(pacer: Pacer, addresses: list[str], now: float = 0.0) -> list[float]:
    return [now + pacer.reserve(a, now) for a in addresses]


def max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    return max(sum(1 for u in times if t <= u < t + window) for t in times)


def test_distinct_chats_never_exceed_the_global_rate() -> None:
    pacer = Pacer(RateLimits(global_per_second=30), headroom=0.95)
    times = send_times(pacer, [str(i) for i in range(300)])
    assert max_in_window(times, 1.0) <= 29
    assert times[-1] == pytest.approx(299 / 28.5)


def test_one_chat_gets_at_most_one_message_per_second() -> None:
    pacer = Pacer(RateLimits(), headroom=1.0)
    times = send_times(pacer, ["42"] * 4 + ["43"])
    assert times[:4] == pytest.approx([0.0, 1.0, 2.0, 3.0])
    assert times[4] == pytest.approx(3.0 + 1 / 30)  # other chats only wait for the global slot


def test_groups_get_twenty_per_minute() -> None:
    pacer = Pacer(RateLimits(), headroom=1.0)
    times = send_times(pacer, ["-100123"] * 3)
    assert times == pytest.approx([0.0, 3.0, 6.0])
    assert is_group("-100123") and is_group("@channel") and not is_group("42")


def test_retry_after_holds_the_chat_and_slows_everyone() -> None:
    pacer = Pacer(RateLimits(), headroom=1.0)
    pacer.reserve("7", 0.0)
    pacer.penalize("7", retry_after=10.0, now=0.5)
    assert pacer.rate == pytest.approx(24.0)
    assert pacer.reserve("7", 1.0) == pytest.approx(9.5)
    later = send_times(pacer, ["8", "9"], now=20.0)
    assert later[1] - later[0] == pytest.approx(1 / 24)


def test_rate_recovers_after_successes() -> None:
    pacer = Pacer(RateLimits(), headroom=1.0)
    pacer.penalize("1", 1.0, 0.0)
    for _ in range(100):
        pacer.succeeded()
    assert pacer.rate == pytest.approx(30.0)


def test_forget_drops_chats_that_no_longer_constrain() -> None:
    pacer = Pacer(RateLimits(), headroom=1.0)
    send_times(pacer, ["1", "2"], now=0.0)
    pacer.forget(now=10.0)
    assert pacer.chats == {}


def test_late_wake_ups_still_fit_the_window() -> None:
    pacer = Pacer(RateLimits(global_per_second=30), headroom=0.95)
    for _ in range(28):
        assert pacer.settle(0.5) == 0
        pacer.mark_sent(0.5)  # a stalled loop let 28 booked sends go at once
    assert pacer.settle(0.6) == pytest.approx(0.9)
    assert pacer.settle(1.5) == 0
