"""CSRF: a cookie-authenticated state change must echo the session's CSRF token; Bearer and API key need none."""

from __future__ import annotations

import pytest

from tests.web.security.conftest import Site

pytestmark = pytest.mark.anyio


async def csrf_token(site: Site) -> str:
    return (await (await site.login()).get_json())["csrf_token"]


async def test_a_cookie_post_without_the_token_is_403(site: Site) -> None:
    await site.login()

    response = await site.client.post("/api/private")

    assert response.status_code == 403
    assert "X-CSRF-Token" in (await response.get_json())["error"]


async def test_a_cookie_post_with_the_token_in_the_header_passes(site: Site) -> None:
    token = await csrf_token(site)

    response = await site.client.post("/api/private", headers={"X-CSRF-Token": token})

    assert (response.status_code, await response.get_json()) == (200, {"changed_by": "alice"})


async def test_the_csrf_cookie_carries_the_same_token_for_the_page_script(site: Site) -> None:
    token = await csrf_token(site)

    cookie = next(c for c in site.client.cookie_jar if c.name == "alphaengine_csrf")

    assert cookie.value == token


async def test_a_cookie_form_post_may_carry_the_token_as_a_field(site: Site) -> None:
    token = await csrf_token(site)

    response = await site.client.post("/api/private", form={"csrf_token": token})

    assert response.status_code == 200


async def test_a_token_of_another_session_is_403(site: Site) -> None:
    other = await csrf_token(site)
    await site.login()

    response = await site.client.post("/api/private", headers={"X-CSRF-Token": other})

    assert response.status_code == 403


async def test_a_cookie_get_needs_no_token(site: Site) -> None:
    await site.login()

    assert (await site.client.get("/api/private")).status_code == 200


async def test_a_bearer_post_needs_no_csrf_token(site: Site) -> None:
    token = await site.token()
    site.client.cookie_jar.clear()

    response = await site.client.post("/api/private", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200


async def test_logout_by_cookie_needs_the_token_too(site: Site) -> None:
    token = await csrf_token(site)

    refused = await site.client.post("/api/auth/logout")
    accepted = await site.client.post("/api/auth/logout", headers={"X-CSRF-Token": token})

    assert (refused.status_code, accepted.status_code) == (403, 200)
    assert (await site.client.get("/api/private")).status_code == 401
