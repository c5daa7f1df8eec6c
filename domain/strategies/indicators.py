"""Indicators over closed klines, in Decimal: channel extremes, the average true range, mean and deviation."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise

from domain.reports import Kline
from domain.values import ZERO


def highest_high(klines: Sequence[Kline]) -> Decimal:
    return max(kline.high for kline in klines)


def lowest_low(klines: Sequence[Kline]) -> Decimal:
    return min(kline.low for kline in klines)


def average_true_range(klines: Sequence[Kline], period: int) -> Decimal:
    """The simple average of the last `period` true ranges; needs period + 1 klines (a range reads the close before)."""
    recent = klines[-period - 1 :]
    ranges = [
        max(kline.high - kline.low, abs(kline.high - before.close), abs(kline.low - before.close))
        for before, kline in pairwise(recent)
    ]
    return sum(ranges, ZERO) / len(ranges)


def mean_and_deviation(values: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """The mean and the population standard deviation (as Bollinger bands use it)."""
    mean = sum(values, ZERO) / len(values)
    variance = sum(((value - mean) ** 2 for value in values), ZERO) / len(values)
    return mean, variance.sqrt()
