"""`alphaengine user totp NAME [--disable]`: enrol (or re-enrol) a user's TOTP from the server, or remove it.

The URI and the recovery codes are printed once; the factor is active at once (the operator at the console vouches
for the user, who adds the URI to an authenticator app before logging in). Sealed with the web secret the web uses.
"""

from __future__ import annotations

from typing import TextIO

from adapters.system.clock import SystemClock
from entrypoints.web.security.totp import SecretBox, new_enrolment
from ports.errors import StorageError
from ports.second_factor_store import SecondFactorStore
from ports.user_store import UnknownUser, UserStore, check_user_name

EXIT_FAILURE = 1


def totp_command(
    users: UserStore, factors: SecondFactorStore, web_secret: str, name: str, disable: bool, out: TextIO, err: TextIO
) -> int:
    """Enrol `name` (print the URI and recovery codes once) or, with `disable`, remove its second factor."""
    try:
        check_user_name(name)
        if users.get_user(name) is None:
            raise UnknownUser(name)
        if disable:
            removed = factors.disable(name)
            print(f"second factor of {name!r} {'removed' if removed else 'was not enrolled'}", file=out)
            return 0
        enrolment = new_enrolment(SecretBox(web_secret), name, SystemClock().now())
        factors.enrol(enrolment.factor)
        # Active at once: the step-counter starts at 0, so any current code is later
        factors.enable(name, 0)
    except (ValueError, StorageError) as exc:
        print(f"alphaengine: error: {exc}", file=err)
        return EXIT_FAILURE
    print(f"TOTP for {name!r} is active; add this URI to an authenticator app (shown only now):", file=out)
    print(enrolment.uri, file=out)
    print(f"or type the secret by hand: {enrolment.secret}", file=out)
    print("Recovery codes (each works once; keep them offline):", file=out)
    for code in enrolment.recovery_codes:
        print(f"  {code}", file=out)
    return 0
