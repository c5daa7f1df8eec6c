"""Which notifier a process gets (ADR 0078): apprise when alerts.urls lists any, else alerts are logged only."""

from __future__ import annotations

from config.errors import SecretsError
from config.secrets import Secrets
from ports.notifier import LoggedOnly, Notifier

# How long a stopping process waits for its last alerts to go out
CLOSE_TIMEOUT_S = 5.0


def notifier_for(secrets: Secrets) -> Notifier:
    """The notifier of the configured URLs; SecretsError naming the first URL apprise cannot send to."""
    urls = [url.reveal() for url in secrets.alert_urls]
    if not urls:
        return LoggedOnly()
    # Imported only when alerts are configured: apprise and its plugins are a tenth of a second to load
    from adapters.alerts.apprise_notifier import AppriseNotifier, unsupported

    refused = unsupported(urls)
    if refused:
        index = refused[0]
        # The scheme only: the rest of the URL holds the channel's token
        scheme = urls[index].partition("://")[0]
        raise SecretsError(
            f"alerts.urls.{index}",
            f"apprise cannot send to this {scheme}:// URL; fix it as https://github.com/caronc/apprise/wiki says "
            "for the service, or remove it",
        )
    return AppriseNotifier(urls)
