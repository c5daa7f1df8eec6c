"""How the dashboard prints figures and instants: at the symbol's steps, money in its quote asset, <time> elements."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from entrypoints.web.views.figures import Figures, grouped, places, when, with_times


@pytest.mark.parametrize(
    ("step", "expected"),
    [("0.0001", 4), ("0.10", 1), ("1", 0), ("10", 0), (Decimal("0.00000001"), 8), (None, None), ("0", None)],
)
def test_a_step_asks_for_its_decimal_places(step: Decimal | str | None, expected: int | None) -> None:
    assert places(step) == expected


def test_the_ten_decimal_figures_of_the_issue_read_at_the_symbols_precision_in_the_quote_asset() -> None:
    xrp = Figures.of("XRPUSDT", "0.0001", "0.1")

    assert (xrp.money("9.54140830"), xrp.money("500.0000000000", asset=True)) == ("9.5414", "500.0000 USDT")
    assert (xrp.price("0.57281968"), xrp.qty("-1744.2"), xrp.qty("1744")) == ("0.5728", "-1,744.2", "1,744.0")
    assert Figures.of("BTCUSDC", "0.1", "0.001").money("-12.345", asset=True) == "-12.34 USDC"


def test_unknown_steps_show_the_exact_figure_and_nothing_shows_as_a_dash() -> None:
    unknown = Figures.of("XRPUSDT", None, None)

    assert (unknown.price("0.57281968"), unknown.qty("12"), unknown.money("0.6")) == ("0.57281968", "12", "0.60")
    assert (unknown.price(None), unknown.money(None, asset=True), grouped("not a number", 2)) == ("–", "–", "–")


def test_a_loss_too_small_to_show_reads_zero_not_minus_zero() -> None:
    assert grouped("-0.00001", 4) == "0.0000"


def test_an_instant_is_a_time_element_reading_utc_to_the_second_until_the_script_localises_it() -> None:
    moment = datetime(2026, 12, 7, 17, 50, 2, 69000, tzinfo=UTC)

    shown = str(when(moment, relative=True))

    assert shown == (
        '<time class="when" datetime="2026-12-07T17:50:02.069000+00:00" data-relative'
        ' title="2026-12-07T17:50:02.069000+00:00">2026-12-07 17:50:02 UTC</time>'
    )
    assert str(when(None)) == "–"


def test_instants_inside_a_sentence_become_time_elements_and_the_rest_is_escaped() -> None:
    shown = str(with_times("stopped since 2026-12-07T17:45:51.784649Z: <stop> requested"))

    assert shown.startswith('stopped since <time class="when" datetime="2026-12-07T17:45:51.784649Z" data-relative')
    assert shown.endswith("</time>: &lt;stop&gt; requested")
