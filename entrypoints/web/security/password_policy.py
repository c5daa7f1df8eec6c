"""Which passwords may be set (ASVS 6.2): 12 to 1024 characters, not easily guessed, not based on the user name."""

from __future__ import annotations

from entrypoints.web.security.guessing import guess

MIN_LENGTH = 12
MAX_LENGTH = 1024
# zxcvbn's "safely unguessable": about 10^8 guesses or more, out of reach online and costly offline against argon2id
MIN_SCORE = 3
# A shorter name would be found inside nearly every password
MIN_NAME_LENGTH = 3
_LONGER = "choose a passphrase of four or more unrelated words"
_MORE = "Add another word or two. Uncommon words are better."


class PasswordRefused(ValueError):
    """The password may not be set; the message is one line naming the rule and what to do."""


def check_password(password: str, user_name: str = "") -> None:
    """Raise PasswordRefused unless `password` may be set for `user_name` ("" when the caller has no name)."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise PasswordRefused(f"password: shorter than {MIN_LENGTH} characters; {_LONGER}")
    if len(password) > MAX_LENGTH:
        raise PasswordRefused(f"password: longer than {MAX_LENGTH} characters; choose a shorter passphrase")
    name = user_name.strip().casefold()
    context = (name,) if len(name) >= MIN_NAME_LENGTH else ()
    if context and name in password.casefold():
        raise PasswordRefused(f"password: contains the user name; {_LONGER} that have nothing to do with it")
    verdict = guess(password, context)
    if verdict.uses_context:
        raise PasswordRefused(f"password: based on the user name; {_LONGER} that have nothing to do with it")
    if verdict.score < MIN_SCORE:
        warning = verdict.warning.rstrip(".") or "it is made of common words or patterns"
        advice = " ".join(verdict.suggestions) or _MORE
        raise PasswordRefused(f"password: too easy to guess ({_lower_first(warning)}); {_lower_first(advice)}")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
