"""The simulator's one catalog of Binance errors: the error value, the exception both layers raise, every code.

Message sources, best first: real bodies in tests/fixtures/binance/error_*.json; real bodies quoted in public
issues (cited per entry); the USDⓈ-M error-code page (developers.binance.com/docs/derivatives/
usds-margined-futures/error-code, as digested in API.md §10; typos such as "occured" are Binance's). HTTP
statuses: 400 for rejected requests, 401 for API-key errors, 429/418 for limits, 408/5xx where the outcome is
unknown (API.md §3); where Binance's status is not documented the choice is stated next to the value.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from adapters.simulator.wire.encoding import encode_json


@dataclass(frozen=True)
class BinanceError:
    """One error response: the JSON body `{"code": code, "msg": msg}` sent with `http_status`."""

    code: int
    msg: str
    http_status: int = 400

    def __post_init__(self) -> None:
        if self.code >= 0:
            raise ValueError(f"Binance error codes are negative, got {self.code}")
        if not 400 <= self.http_status <= 599:
            raise ValueError(f"an error needs a 4xx/5xx HTTP status, got {self.http_status}")

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "msg": self.msg}

    def body(self) -> bytes:
        """The body exactly as Binance sends it: compact, `code` first (`{"code":-1022,"msg":"…"}`)."""
        return encode_json(self.to_dict())


class SimError(Exception):
    """A request the simulated exchange refuses, raised by the engine and the wire checks alike."""

    def __init__(self, error: BinanceError) -> None:
        super().__init__(f"{error.code} {error.msg} (HTTP {error.http_status})")
        self.error = error

    @property
    def code(self) -> int:
        return self.error.code

    @property
    def msg(self) -> str:
        return self.error.msg

    @property
    def http_status(self) -> int:
        return self.error.http_status

    def body(self) -> bytes:
        return self.error.body()


# 10xx: general server or network issues
UNKNOWN = BinanceError(-1000, "An unknown error occured while processing the request.", 500)  # 500: our choice
UNEXPECTED_RESPONSE = BinanceError(  # 500: our choice; the outcome is unknown (API.md §3)
    -1006, "An unexpected response was received from the message bus. Execution status unknown.", 500
)
TIMEOUT = BinanceError(  # 408 as seen on the testnet (API.md §3 "408 timeout waiting for the backend")
    -1007, "Timeout waiting for response from backend server. Send status unknown; execution status unknown.", 408
)
THROTTLED = BinanceError(  # 503 (API.md §3, third 503 variant)
    -1008,
    "Request throttled by system-level protection. Reduce-only/close-position orders are exempt. Please try again.",
    503,
)
# The two other 503 variants of the futures General Info page; the page gives only the msg, the codes are ours
UNKNOWN_503 = BinanceError(-1000, "Unknown error, please check your request or try again later.", 503)
SERVICE_UNAVAILABLE_503 = BinanceError(-1001, "Service Unavailable.", 503)

UNAUTHORIZED = BinanceError(-1002, "You are not authorized to execute this request.", 401)
TIMESTAMP_OUTSIDE_RECV_WINDOW = BinanceError(-1021, "Timestamp for this request is outside of the recvWindow.")
TIMESTAMP_AHEAD = BinanceError(-1021, "Timestamp for this request was 1000ms ahead of the server's time.")
INVALID_SIGNATURE = BinanceError(-1022, "Signature for this request is not valid.")

# 11xx: request issues
DUPLICATE_PARAMETER = BinanceError(-1101, "Duplicate values for a parameter detected.")
MANDATORY_PARAM_MISSING = BinanceError(-1102, "A mandatory parameter was not sent, was empty/null, or malformed.")
BAD_PRECISION = BinanceError(-1111, "Precision is over the maximum defined for this asset.")
INVALID_TIME_IN_FORCE = BinanceError(-1115, "Invalid timeInForce.")
INVALID_ORDER_TYPE = BinanceError(-1116, "Invalid orderType.")
INVALID_SIDE = BinanceError(-1117, "Invalid side.")
INVALID_SYMBOL = BinanceError(-1121, "Invalid symbol.")
# Real bodies: ccxt's binance.ts exception table and client tests quote exactly this text
INVALID_LISTEN_KEY = BinanceError(-1125, "This listenKey does not exist.")

# 20xx: processing issues
UNKNOWN_ORDER_SENT = BinanceError(-2011, "Unknown order sent.")
ORDER_DOES_NOT_EXIST = BinanceError(-2013, "Order does not exist.")
API_KEY_FORMAT_INVALID = BinanceError(-2014, "API-key format invalid.", 401)  # 401: same family as -2015
MARGIN_INSUFFICIENT = BinanceError(-2019, "Margin is insufficient.")
ORDER_WOULD_IMMEDIATELY_TRIGGER = BinanceError(-2021, "Order would immediately trigger.")
REDUCE_ONLY_REJECTED = BinanceError(-2022, "ReduceOnly Order is rejected.")
MAX_OPEN_ORDERS = BinanceError(-2025, "Reach max open order limit.")
# The error-code page (MAX_LEVERAGE_RATIO): a position or its open orders beyond the bracket cap of the leverage
MAX_LEVERAGE_RATIO = BinanceError(-2027, "Exceeded the maximum allowable position at current leverage.")

# 40xx: filters and other issues
PRICE_LESS_THAN_ZERO = BinanceError(-4001, "Price less than 0.")
PRICE_GREATER_THAN_MAX = BinanceError(-4002, "Price greater than max price.")
# The error-code page says "Quantity less than zero." (older reports quote it too, e.g. python-binance#1308,
# 2023-04); the newer real body {"code":-4003,"msg":"Quantity less than or equal to zero."} (HTTP 400, quoted
# in conor19w/Binance-Futures-Trading-Bot#52, 2023-09) wins
QUANTITY_LESS_THAN_ZERO = BinanceError(-4003, "Quantity less than or equal to zero.")
QUANTITY_LESS_THAN_MIN = BinanceError(-4004, "Quantity less than min quantity.")
QUANTITY_GREATER_THAN_MAX = BinanceError(-4005, "Quantity greater than max quantity.")
PRICE_LESS_THAN_MIN = BinanceError(-4013, "Price less than min price.")
PRICE_NOT_MULTIPLE_OF_TICK = BinanceError(-4014, "Price not increased by tick size.")
CLIENT_ORDER_ID_INVALID = BinanceError(-4015, "Client order id is not valid.")
CLIENT_ORDER_ID_TOO_LONG = BinanceError(-4015, "Client order id length should not be more than 36 chars")
QUANTITY_NOT_MULTIPLE_OF_STEP = BinanceError(-4023, "Qty not increased by step size.")
MAX_STOP_ORDERS = BinanceError(-4045, "Reach max stop order limit.")
NO_NEED_TO_CHANGE_MARGIN_TYPE = BinanceError(-4046, "No need to change margin type.")
# -4047..-4055 as the error-code page words them (THERE_EXISTS_OPEN_ORDERS … AMOUNT_MUST_BE_POSITIVE)
MARGIN_TYPE_CHANGE_WITH_OPEN_ORDERS = BinanceError(-4047, "Margin type cannot be changed if there exists open orders.")
MARGIN_TYPE_CHANGE_WITH_POSITION = BinanceError(-4048, "Margin type cannot be changed if there exists position.")
ADD_ISOLATED_MARGIN_REJECT = BinanceError(-4049, "Add margin only support for isolated position.")
CROSS_BALANCE_INSUFFICIENT = BinanceError(-4050, "Cross balance insufficient.")
ISOLATED_BALANCE_INSUFFICIENT = BinanceError(-4051, "Isolated balance insufficient.")
ADD_ISOLATED_MARGIN_NO_POSITION = BinanceError(-4054, "Cannot add position margin: position is 0.")
AMOUNT_MUST_BE_POSITIVE = BinanceError(-4055, "Amount must be positive.")
POSITION_SIDE_MISMATCH = BinanceError(-4061, "Order's position side does not match user's setting.")
NO_NEED_TO_CHANGE_POSITION_SIDE = BinanceError(-4059, "No need to change position side.")
POSITION_SIDE_CHANGE_WITH_OPEN_ORDERS = BinanceError(
    -4067, "Position side cannot be changed if there exists open orders."
)
POSITION_SIDE_CHANGE_WITH_POSITION = BinanceError(-4068, "Position side cannot be changed if there exists position.")
DUPLICATE_CLIENT_ORDER_ID = BinanceError(-4116, "ClientOrderId is duplicated.")
# Multi-Assets mode changes (texts of the error-code page, as ccxt's binance.py exception table quotes them)
MULTI_ASSETS_WITH_ISOLATED = BinanceError(
    -4167, "Unable to adjust to Multi-Assets mode with symbols of USDⓈ-M Futures under isolated-margin mode."
)
MULTI_ASSETS_WITH_OPEN_ORDERS = BinanceError(
    -4170, "Unable to adjust Multi-Assets Mode with open orders in USDⓈ-M Futures"
)
NO_NEED_TO_CHANGE_ASSET_MODE = BinanceError(
    -4171, "Adjusted asset mode is currently set and does not need to be adjusted repeatedly"
)
ALGO_ORDER_TYPE_REQUIRED = BinanceError(
    -4120, "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead."
)
QUANTITY_WITH_CLOSE_POSITION = BinanceError(-4137, "Quantity must be zero with closePosition equals true")

# 50xx: order execution issues (a live capture quotes -5022 verbatim; -5021 from the error-code page)
FOK_REJECTED = BinanceError(-5021, "Due to the order could not be filled immediately, the FOK order has been rejected.")
# ccxt maps it to InsufficientFunds with this message (binance.py exceptions; undocumented by Binance)
TRANSFER_INSUFFICIENT_BALANCE = BinanceError(-5013, "Asset transfer failed: insufficient balance")
POST_ONLY_REJECTED = BinanceError(
    -5022, "Due to the order could not be executed as maker, the Post Only order will be rejected."
)


def too_many_requests(client_ip: str, limit: int) -> BinanceError:
    """HTTP 429 for the IP weight limit, as a real fapi body reads (income, 2400/min)."""
    return BinanceError(
        -1003,
        f"Too many requests; current limit of IP({client_ip}) is {limit} requests per minute. "
        "Please use the websocket for live updates to avoid polling the API.",
        429,
    )


def ip_banned(client_ip: str, until_ms: int) -> BinanceError:
    """HTTP 418 while the IP is auto-banned, as a real USDⓈ-M body reads."""
    return BinanceError(
        -1003,
        f"Way too many requests; IP({client_ip}) banned until {until_ms}. "
        "Please use the websocket for live updates to avoid bans.",
        418,
    )


def too_many_orders(limit: int, interval: str) -> BinanceError:
    """HTTP 429 for an ORDERS limit (account-wide), e.g. `too_many_orders(300, "10 SECOND")`."""
    return BinanceError(-1015, f"Too many new orders; current limit is {limit} orders per {interval}.", 429)


def mandatory_param(name: str) -> BinanceError:
    return BinanceError(-1102, f"Mandatory parameter '{name}' was not sent, was empty/null, or malformed.")


def one_of_params(first: str, second: str) -> BinanceError:
    return BinanceError(-1102, f"Param '{first}' or '{second}' must be sent, but both were empty/null!")


def param_not_required(name: str) -> BinanceError:
    """-1106, e.g. reduceOnly in Hedge Mode (fixture error_-1106_*)."""
    return BinanceError(-1106, f"Parameter '{name}' sent when not required.")


def invalid_param(name: str) -> BinanceError:
    return BinanceError(-1130, f"Data sent for parameter '{name}' is not valid.")


def invalid_api_key(client_ip: str) -> BinanceError:
    """-2015 with HTTP 401 and the caller's IP, as fapi sends it (ccxt/ccxt#7822)."""
    return BinanceError(-2015, f"Invalid API-key, IP, or permissions for action, request ip: {client_ip}", 401)


def invalid_leverage(leverage: int) -> BinanceError:
    return BinanceError(-4028, f"Leverage {leverage} is not valid")


def invalid_working_type(value: str) -> BinanceError:
    return BinanceError(-4031, f"Invalid parameter working type: {value}")


def min_notional(notional: Decimal) -> BinanceError:
    """-4164 naming the symbol's MIN_NOTIONAL as exchangeInfo writes it: 100 → "…smaller than 100 (unless…"."""
    if not isinstance(notional, Decimal) or not notional.is_finite() or notional <= 0:
        raise ValueError(f"a MIN_NOTIONAL must be a positive finite Decimal, got {notional!r}")
    text = format(notional.normalize(), "f")
    return BinanceError(-4164, f"Order's notional must be no smaller than {text} (unless you choose reduce only).")
