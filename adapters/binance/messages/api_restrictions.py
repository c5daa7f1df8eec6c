"""GET /sapi/v1/account/apiRestrictions (spot host): what the API key may do."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message


class ApiRestrictions(Message, frozen=True, kw_only=True):
    ip_restrict: bool = field(name="ipRestrict")
    enable_reading: bool = field(name="enableReading")
    enable_futures: bool = field(name="enableFutures")
    enable_withdrawals: bool = field(name="enableWithdrawals")
