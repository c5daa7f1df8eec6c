"""BinanceGateway: the ExchangeGateway port over Binance USDⓈ-M REST, answering in domain types only."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

import anyio
import httpx

from adapters.binance.rest.errors import BAD_SYMBOL, NO_SUCH_ORDER, MalformedResponse
from adapters.binance.rest.governor import Listener, RateGovernor, Sleep
from adapters.binance.rest.options import RestOptions
from adapters.binance.rest.orders import OrderProtocol
from adapters.binance.rest.server_clock import ServerClock
from adapters.binance.rest.signing import Revealable, credential
from adapters.binance.rest.transport import Endpoint, RestTransport
from adapters.binance.translate import (
    OrderListing,
    SymbolNotListed,
    algo_orders_from_rest,
    balances_from_rest,
    can_trade_from_rest,
    check_acknowledged,
    incomes_from_rest,
    is_hedge_mode,
    isolated_from_symbol_config,
    key_permissions_from_rest,
    klines_from_rest,
    leverage_from_rest,
    leverage_from_symbol_config,
    mark_price_from_rest,
    orders_from_rest,
    position_from_rest,
    symbol_rules_from_rest,
    trades_from_rest,
)
from adapters.binance.translate.transfers import (
    TRANSFER_TYPES,
    spot_free_from_rest,
    tran_id_from_rest,
    transfer_page_from_rest,
)
from domain.events import OrderFacts
from domain.order_request import OrderRequest
from domain.reports import (
    BalanceReport,
    IncomeReport,
    KeyPermissions,
    Kline,
    PositionReport,
    SymbolRules,
    TradeReport,
)
from domain.times import epoch_ms
from domain.transfers import TransferDirection, TransferReport
from ports.clock import Clock
from ports.errors import ExchangeRejected, NeverPlaced
from ports.exchange import ExchangeGateway

_log = logging.getLogger(__name__)
_T = TypeVar("_T")

EXCHANGE_INFO = Endpoint("GET", "/fapi/v1/exchangeInfo", signed=False)
KLINES = Endpoint("GET", "/fapi/v1/klines", signed=False)
PREMIUM_INDEX = Endpoint("GET", "/fapi/v1/premiumIndex", signed=False)
OPEN_ORDERS = Endpoint("GET", "/fapi/v1/openOrders")
OPEN_ALGO_ORDERS = Endpoint("GET", "/fapi/v1/openAlgoOrders")
CANCEL_ALL = Endpoint("DELETE", "/fapi/v1/allOpenOrders", essential=True)
CANCEL_ALL_ALGO = Endpoint("DELETE", "/fapi/v1/algoOpenOrders", essential=True)
USER_TRADES = Endpoint("GET", "/fapi/v1/userTrades")
POSITION_RISK = Endpoint("GET", "/fapi/v3/positionRisk")
SYMBOL_CONFIG = Endpoint("GET", "/fapi/v1/symbolConfig")
BALANCE = Endpoint("GET", "/fapi/v3/balance")
INCOME = Endpoint("GET", "/fapi/v1/income")
LEVERAGE = Endpoint("POST", "/fapi/v1/leverage", essential=True)
POSITION_MODE = Endpoint("GET", "/fapi/v1/positionSide/dual")
ACCOUNT_CONFIG = Endpoint("GET", "/fapi/v1/accountConfig")
# On the spot (wallet) host, not the futures one: read through a transport of its own
API_RESTRICTIONS = Endpoint("GET", "/sapi/v1/account/apiRestrictions")
# Moves money: a 429 may wait its turn and go once more (refused before any effect), never an unknown outcome
TRANSFER = Endpoint("POST", "/sapi/v1/asset/transfer", essential=True)
TRANSFER_HISTORY = Endpoint("GET", "/sapi/v1/asset/transfer", essential=True)
SPOT_ACCOUNT = Endpoint("GET", "/api/v3/account")
TRANSFER_PAGE_SIZE = 100
# Pages read at most per lookup: an account makes nowhere near this many transfers in the window looked at
MAX_TRANSFER_PAGES = 10


class BinanceGateway(ExchangeGateway):
    """Give either `client` (used as is, closed by its owner) or `transport` (e.g. httpx.ASGITransport in tests).

    `clock` is the local clock; signed requests are stamped with it plus the server-time offset, measured before
    the first signed request, every `options.resync_every` and after a -1021.
    `on_rate_limit` receives every RateLimitChanged; `sleep` is how the gateway waits (tests pass a fake).
    `wallet_url` is the spot host that answers what the key may do (key_permissions); None: not asked.
    """

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | Revealable,
        api_secret: str | Revealable,
        clock: Clock,
        options: RestOptions | None = None,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        on_rate_limit: Listener | None = None,
        sleep: Sleep = anyio.sleep,
        wallet_url: str | None = None,
    ) -> None:
        if client is not None and transport is not None:
            raise ValueError("give BinanceGateway an httpx client or a transport, not both")
        options = options or RestOptions()
        self._owns_client = client is None
        self._client = client if client is not None else httpx.AsyncClient(transport=transport)
        self.server_clock = ServerClock(clock, options.resync_every)
        self.governor = RateGovernor(self.server_clock, options.limits, on_rate_limit, sleep)
        self._rest = RestTransport(
            self._client,
            base_url,
            credential(api_key, "API key"),
            credential(api_secret, "API secret"),
            self.server_clock,
            self.governor,
            options,
        )
        self._orders = OrderProtocol(self._rest, options, sleep)
        self._page = options.page_size
        # The spot host counts its own weight: a governor of its own, the same server clock and keys
        self._wallet = (
            None
            if wallet_url is None
            else RestTransport(
                self._client,
                wallet_url,
                credential(api_key, "API key"),
                credential(api_secret, "API secret"),
                self.server_clock,
                RateGovernor(self.server_clock, options.limits, None, sleep),
                options,
            )
        )

    async def __aenter__(self) -> BinanceGateway:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def server_time(self) -> datetime:
        return await self._rest.sync_time()

    async def symbol_rules(self, symbol: str) -> SymbolRules:
        return await self._rest.read(EXCHANGE_INFO, None, lambda body: _rules(body, symbol))

    async def place_order(self, request: OrderRequest) -> OrderFacts:
        return await self._orders.place(request)

    async def query_order(self, symbol: str, client_order_id: str, conditional: bool) -> OrderFacts | None:
        return await self._orders.query(symbol, client_order_id, conditional)

    async def cancel_order(self, symbol: str, client_order_id: str, conditional: bool) -> OrderFacts | None:
        return await self._orders.cancel(symbol, client_order_id, conditional)

    def never_placed(self, client_order_id: str, detail: str) -> NeverPlaced:
        return NeverPlaced(NO_SUCH_ORDER, client_order_id, detail)

    async def cancel_all(self, symbol: str) -> None:
        await self._rest.read(CANCEL_ALL, {"symbol": symbol}, lambda body: check_acknowledged(body, "cancel all"))
        await self._rest.read(
            CANCEL_ALL_ALGO, {"symbol": symbol}, lambda body: check_acknowledged(body, "cancel all algo orders")
        )

    async def open_orders(self, symbol: str) -> list[OrderFacts]:
        regular = await self._rest.read(OPEN_ORDERS, {"symbol": symbol}, lambda body: orders_from_rest(body, symbol))
        algos = await self._rest.read(
            OPEN_ALGO_ORDERS, {"symbol": symbol}, lambda body: algo_orders_from_rest(body, symbol)
        )
        return [*_supported(OPEN_ORDERS, regular), *_supported(OPEN_ALGO_ORDERS, algos)]

    async def user_trades(self, symbol: str, from_id: int | None) -> list[TradeReport]:
        params = {"symbol": symbol, "fromId": None if from_id is None else str(from_id), "limit": str(self._page)}
        trades = await self._rest.read(USER_TRADES, params, lambda body: trades_from_rest(body, symbol))
        return sorted(trades, key=lambda trade: trade.trade_id)

    async def position(self, symbol: str) -> PositionReport:
        # v3 keeps entryPrice exact but has no leverage (v2 rounds entryPrice). symbolConfig is read on every call
        # rather than cached: a leverage set outside the bot is then seen at the next reconcile without listening
        # for ACCOUNT_CONFIG_UPDATE, for 5 weight per poll interval (well under 1% of the minute's budget).
        taken_at = self.server_clock.now()
        report = await self._rest.read(
            POSITION_RISK, {"symbol": symbol}, lambda body: position_from_rest(body, symbol, taken_at)
        )
        leverage, isolated = await self._rest.read(
            SYMBOL_CONFIG,
            {"symbol": symbol},
            lambda body: (leverage_from_symbol_config(body, symbol), isolated_from_symbol_config(body, symbol)),
        )
        if leverage is None:
            _log.warning("%s: the answer does not mention %s; its leverage stays unknown", SYMBOL_CONFIG, symbol)
        return replace(report, leverage=leverage, isolated=isolated)

    async def hedge_mode(self) -> bool:
        return await self._rest.read(POSITION_MODE, None, is_hedge_mode)

    async def can_trade(self) -> bool:
        """Whether the futures account may trade (accountConfig's canTrade)."""
        return await self._rest.read(ACCOUNT_CONFIG, None, can_trade_from_rest)

    async def key_permissions(self) -> KeyPermissions:
        """What the API key may do, from the wallet host given as `wallet_url`; ValueError when none was."""
        wallet = await self._wallet_host("key_permissions")
        return await wallet.read(API_RESTRICTIONS, None, key_permissions_from_rest)

    async def transfer(self, direction: TransferDirection, asset: str, amount: Decimal) -> int:
        params = {"type": TRANSFER_TYPES[direction], "asset": asset, "amount": str(amount)}
        return await (await self._wallet_host("transfer")).read(TRANSFER, params, tran_id_from_rest)

    async def transfer_history(self, direction: TransferDirection, since: datetime) -> list[TransferReport]:
        found: list[TransferReport] = []
        for current in range(1, MAX_TRANSFER_PAGES + 1):
            params = {
                "type": TRANSFER_TYPES[direction],
                "startTime": str(epoch_ms(since)),
                "current": str(current),
                "size": str(TRANSFER_PAGE_SIZE),
            }
            total, rows = await (await self._wallet_host("transfer_history")).read(
                TRANSFER_HISTORY, params, lambda body: transfer_page_from_rest(body, direction)
            )
            found.extend(rows)
            if current * TRANSFER_PAGE_SIZE >= total:
                break
        return sorted({row.tran_id: row for row in found}.values(), key=lambda row: (row.made_at, row.tran_id))

    async def spot_balance(self, asset: str) -> Decimal:
        wallet = await self._wallet_host("spot_balance")
        return await wallet.read(
            SPOT_ACCOUNT, {"omitZeroBalances": "true"}, lambda body: spot_free_from_rest(body, asset)
        )

    async def transfer_income(self, since: datetime | None) -> list[IncomeReport]:
        params = {
            "incomeType": "TRANSFER",
            "startTime": None if since is None else str(epoch_ms(since)),
            "limit": str(self._page),
        }
        rows = await self._rest.read(INCOME, params, lambda body: incomes_from_rest(body, ""))
        return sorted(rows, key=lambda row: (row.time, row.tran_id))

    async def _wallet_host(self, asking: str) -> RestTransport:
        """The spot host's transport, with the server-time offset measured (the spot host has no /fapi/v1/time)."""
        if self._wallet is None:
            raise ValueError(f"{asking}: this gateway was built without a wallet_url (the spot host)")
        if self.server_clock.due:
            await self._rest.sync_time()
        return self._wallet

    async def balances(self) -> list[BalanceReport]:
        taken_at = self.server_clock.now()
        return await self._rest.read(BALANCE, None, lambda body: balances_from_rest(body, taken_at))

    async def income(self, symbol: str, since: datetime | None) -> list[IncomeReport]:
        found: dict[tuple[str, int], IncomeReport] = {}
        start = since
        while True:
            params = {
                "symbol": symbol,
                "startTime": None if start is None else str(epoch_ms(start)),
                "limit": str(self._page),
            }
            page = await self._rest.read(INCOME, params, lambda body: incomes_from_rest(body, symbol))
            keyed = {(row.income_type, row.tran_id): row for row in page}
            fresh = keyed.keys() - found.keys()
            found.update(keyed)
            # A full page may continue after its last time; tranId is unique only within an income type
            if len(page) < self._page or not fresh:
                break
            start = max(row.time for row in page)
        return sorted(found.values(), key=lambda row: (row.time, row.tran_id))

    async def set_leverage(self, symbol: str, leverage: int) -> int:
        if isinstance(leverage, bool) or not isinstance(leverage, int):
            raise ValueError(f"leverage must be an integer, got {leverage!r}")
        params = {"symbol": symbol, "leverage": str(leverage)}
        return await self._rest.read(
            LEVERAGE, params, lambda body: _required(leverage_from_rest(body, symbol), LEVERAGE, symbol)
        )

    async def klines(self, symbol: str, interval: str, limit: int) -> list[Kline]:
        params = {"symbol": symbol, "interval": interval, "limit": str(limit)}
        return await self._rest.read(KLINES, params, lambda body: klines_from_rest(body, self.server_clock.now()))

    async def mark_price(self, symbol: str) -> Decimal:
        mark = await self._rest.read(
            PREMIUM_INDEX,
            {"symbol": symbol},
            lambda body: _required(mark_price_from_rest(body, symbol), PREMIUM_INDEX, symbol),
        )
        return mark.mark_price


def _rules(body: Any, symbol: str) -> SymbolRules:
    try:
        return symbol_rules_from_rest(body, symbol)
    except SymbolNotListed as exc:
        # What Binance answers when the symbol is named in a request (and what the simulator's faces say)
        raise ExchangeRejected(BAD_SYMBOL, str(exc)) from exc


def _required(value: _T | None, endpoint: Endpoint, symbol: str) -> _T:
    if value is None:
        raise MalformedResponse(f"{endpoint}: the answer does not mention {symbol}")
    return value


def _supported(endpoint: Endpoint, listing: OrderListing) -> tuple[OrderFacts, ...]:
    for note in listing.unsupported:
        _log.warning("%s: skipping an order the domain cannot hold: %s", endpoint, note)
    return listing.orders
