"""What the simulator's API keys may do: the flags of GET /sapi/v1/account/apiRestrictions and the account's canTrade
of GET /fapi/v1/accountConfig, as Binance names them; tests change them through PUT /_sim/permissions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# The /_sim/permissions fields an operator (or a test) may change, by their Binance names
SETTABLE = {
    "ipRestrict": "ip_restrict",
    "enableReading": "enable_reading",
    "enableFutures": "enable_futures",
    "enableWithdrawals": "enable_withdrawals",
    "canTrade": "can_trade",
    "permitsUniversalTransfer": "permits_universal_transfer",
}


@dataclass
class KeyAccess:
    """One setting for every key of the simulator: a fresh key reads and trades futures and cannot withdraw."""

    created_ms: int
    ip_restrict: bool = False
    enable_reading: bool = True
    enable_futures: bool = True
    enable_withdrawals: bool = False
    can_trade: bool = True
    # The simulator serves MAIN_UMFUTURE / UMFUTURE_MAIN, so a fresh key may move funds between its two wallets
    permits_universal_transfer: bool = True

    def update(self, changes: Mapping[str, Any]) -> None:
        """Apply {Binance name: bool}; ValueError names an unknown field or a value that is not a boolean."""
        for name, value in changes.items():
            if name not in SETTABLE:
                raise ValueError(f"{name}: unknown field; known: {', '.join(SETTABLE)}")
            if not isinstance(value, bool):
                raise ValueError(f"{name}: must be true or false")
        for name, value in changes.items():
            setattr(self, SETTABLE[name], value)

    def settings_body(self) -> dict[str, bool]:
        return {wire: bool(getattr(self, name)) for wire, name in SETTABLE.items()}


def restrictions_body(access: KeyAccess) -> dict[str, Any]:
    """GET /sapi/v1/account/apiRestrictions (keys and order of the docs' example); what the simulator has no
    business for (margin, options, internal transfers, FIX) is off."""
    return {
        "ipRestrict": access.ip_restrict,
        "createTime": access.created_ms,
        "enableReading": access.enable_reading,
        "enableWithdrawals": access.enable_withdrawals,
        "enableInternalTransfer": False,
        "enableMargin": False,
        "enableFutures": access.enable_futures,
        "permitsUniversalTransfer": access.permits_universal_transfer,
        "enableVanillaOptions": False,
        "enableFixApiTrade": False,
        "enableFixReadOnly": False,
        "enableSpotAndMarginTrading": False,
        "enablePortfolioMarginTrading": False,
    }


def account_config_body(access: KeyAccess, hedge_mode: bool) -> dict[str, Any]:
    """GET /fapi/v1/accountConfig (the docs' keys): fee tier 0, single-asset margin, no trade group."""
    return {
        "feeTier": 0,
        "canTrade": access.can_trade,
        "canDeposit": True,
        "canWithdraw": True,
        "dualSidePosition": hedge_mode,
        "updateTime": 0,
        "multiAssetsMargin": False,
        "tradeGroupId": -1,
    }
