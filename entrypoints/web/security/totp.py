"""TOTP codes (RFC 6238 through pyotp), the sealed secret at rest, and one-time recovery codes (ADR 0085)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ports.second_factor_store import SecondFactor

ISSUER = "AlphaEngine"
DIGITS = 6
STEP_S = 30
# A code of the step before or after also passes: a phone's clock a few seconds off, a code typed as it turned
DRIFT_STEPS = 1
RECOVERY_CODES = 10
# 80 random bits each: a fast hash of them cannot be brute-forced from a stolen database
RECOVERY_BYTES = 10
_SEAL_VERSION = "v1"
_SEAL_INFO = b"alphaengine web: TOTP secret at rest v1"
_NONCE_BYTES = 12
_TOTP_CODE = re.compile(r"\d{6}")


class SecretBox:
    """Seals TOTP secrets with AES-256-GCM under a key derived (HKDF) from the web secret; the user's name is bound
    in as associated data, so a sealed secret copied to another user's row does not open."""

    def __init__(self, web_secret: str) -> None:
        if not web_secret:
            raise ValueError("web.secret_key is empty: it seals the TOTP secrets")
        key = HKDF(algorithm=SHA256(), length=32, salt=None, info=_SEAL_INFO).derive(web_secret.encode("utf-8"))
        self._aead = AESGCM(key)

    def seal(self, user_name: str, secret: str) -> str:
        nonce = secrets.token_bytes(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, secret.encode("ascii"), user_name.encode("utf-8"))
        return f"{_SEAL_VERSION}:{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"

    def open(self, user_name: str, sealed: str) -> str | None:
        """The secret, or None when it does not open (web.secret_key changed since, or the row was altered)."""
        version, _, body = sealed.partition(":")
        if version != _SEAL_VERSION:
            return None
        try:
            raw = base64.urlsafe_b64decode(body.encode("ascii"))
            return self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], user_name.encode("utf-8")).decode()
        except (ValueError, InvalidTag, UnicodeError):
            return None


@dataclass(frozen=True)
class Enrolment:
    """What the user sees once (the otpauth URI and the recovery codes) and the factor to store."""

    uri: str
    secret: str
    recovery_codes: tuple[str, ...]
    factor: SecondFactor


def new_enrolment(box: SecretBox, user_name: str, now: datetime) -> Enrolment:
    """A fresh secret and ten recovery codes for `user_name`; the factor is pending until a first code confirms it."""
    secret = pyotp.random_base32()
    codes = tuple(_recovery_code() for _ in range(RECOVERY_CODES))
    factor = SecondFactor(user_name, box.seal(user_name, secret), frozenset(map(recovery_hash, codes)), now)
    uri = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_S).provisioning_uri(name=user_name, issuer_name=ISSUER)
    return Enrolment(uri, secret, codes, factor)


def is_totp_code(text: str) -> bool:
    """Six digits (spaces allowed, as apps show them): a TOTP code; anything else is tried as a recovery code."""
    return bool(_TOTP_CODE.fullmatch(text.replace(" ", "")))


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time-step whose code `code` is (this one or one either side), or None; compared in constant time."""
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_S)
    typed = code.replace(" ", "").encode("ascii", "replace")
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step).encode("ascii"), typed):
            return step
    return None


def recovery_hash(code: str) -> str:
    """SHA-256 hex of a recovery code as typed, ignoring case, spaces and dashes."""
    normal = re.sub(r"[\s-]", "", code).upper()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _recovery_code() -> str:
    text = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))
