"""Web login sessions in the shared SQLite file (table web_sessions of migration 0013)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import apsw

from adapters.sqlite.transactions import fetch_all, write_transaction
from domain.times import format_utc, parse_utc
from ports.session_store import Ending, SessionStore, WebSession, check_session_id

_COLUMNS = (
    "session_id, user_name, created_at, last_seen_at, client, agent, refresh_hash, previous_hash, rotated_at, "
    "ended_at, ended_why"
)
_SELECT = f"SELECT {_COLUMNS} FROM web_sessions"
_OPEN = "ended_at IS NULL"


class SqliteSessionStore(SessionStore):
    def __init__(self, connection: apsw.Connection) -> None:
        self._connection = connection

    def start(self, session: WebSession, keep: int) -> None:
        if keep < 1:
            raise ValueError(f"keep must be at least 1, got {keep}")
        with write_transaction(self._connection, f"start a session of {session.user_name!r}") as db:
            db.execute(f"INSERT INTO web_sessions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", _row(session))
            db.execute(
                f"UPDATE web_sessions SET ended_at = ?, ended_why = ? WHERE session_id IN ("
                # The new session always stays: logins in the same instant must not end it by its random id
                f"SELECT session_id FROM web_sessions WHERE user_name = ? AND session_id <> ? AND {_OPEN} "
                "ORDER BY created_at DESC, session_id DESC LIMIT -1 OFFSET ?)",
                (
                    format_utc(session.created_at),
                    Ending.TOO_MANY.value,
                    session.user_name,
                    session.session_id,
                    keep - 1,
                ),
            )

    def get(self, session_id: str) -> WebSession | None:
        rows = fetch_all(self._connection, "read a session", f"{_SELECT} WHERE session_id = ?", (session_id,))
        return _session(rows[0]) if rows else None

    def rotate(self, session_id: str, expected_hash: str, new_hash: str, at: datetime) -> bool:
        check_session_id(session_id)
        with write_transaction(self._connection, "rotate a refresh token") as db:
            db.execute(
                "UPDATE web_sessions SET previous_hash = refresh_hash, refresh_hash = ?, last_seen_at = ?, "
                f"rotated_at = ? WHERE session_id = ? AND refresh_hash = ? AND {_OPEN}",
                (new_hash, format_utc(at), format_utc(at), session_id, expected_hash),
            )
            return self._connection.changes() > 0

    def end(self, session_id: str, at: datetime, why: Ending) -> bool:
        with write_transaction(self._connection, "end a session") as db:
            db.execute(
                f"UPDATE web_sessions SET ended_at = ?, ended_why = ? WHERE session_id = ? AND {_OPEN}",
                (format_utc(at), Ending(why).value, session_id),
            )
            return self._connection.changes() > 0

    def end_sessions(self, user_name: str, at: datetime, why: Ending, keep: str | None = None) -> int:
        with write_transaction(self._connection, f"end the sessions of {user_name!r}") as db:
            db.execute(
                f"UPDATE web_sessions SET ended_at = ?, ended_why = ? WHERE user_name = ? AND {_OPEN} "
                "AND session_id IS NOT ?",
                (format_utc(at), Ending(why).value, user_name, keep),
            )
            return self._connection.changes()

    def sessions(self, user_name: str) -> list[WebSession]:
        rows = fetch_all(
            self._connection,
            f"read the sessions of {user_name!r}",
            f"{_SELECT} WHERE user_name = ? AND {_OPEN} ORDER BY created_at DESC, session_id DESC",
            (user_name,),
        )
        return [_session(row) for row in rows]

    def prune(self, seen_before: datetime, created_before: datetime) -> int:
        with write_transaction(self._connection, "prune sessions") as db:
            db.execute(
                "DELETE FROM web_sessions WHERE last_seen_at < ? OR created_at < ?",
                (format_utc(seen_before), format_utc(created_before)),
            )
            return self._connection.changes()


def _time(text: str | None) -> datetime | None:
    return None if text is None else parse_utc(text)


def _text(moment: datetime | None) -> str | None:
    return None if moment is None else format_utc(moment)


def _row(s: WebSession) -> tuple[Any, ...]:
    return (
        s.session_id,
        s.user_name,
        format_utc(s.created_at),
        format_utc(s.last_seen_at),
        s.client,
        s.agent,
        s.refresh_hash,
        s.previous_hash,
        _text(s.rotated_at),
        _text(s.ended_at),
        None if s.ended_why is None else s.ended_why.value,
    )


def _session(row: tuple[Any, ...]) -> WebSession:
    session_id, user, created, seen, client, agent, current, previous, rotated, ended, why = row
    return WebSession(
        session_id,
        user,
        parse_utc(created),
        parse_utc(seen),
        client,
        agent,
        current,
        previous,
        _time(rotated),
        _time(ended),
        None if why is None else Ending(why),
    )
