"""Web login sessions kept in process memory, with the SQLite store's rules."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime

from ports.errors import StorageError
from ports.session_store import Ending, SessionStore, WebSession, check_session_id


class InMemorySessionStore(SessionStore):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, WebSession] = {}

    def start(self, session: WebSession, keep: int) -> None:
        if keep < 1:
            raise ValueError(f"keep must be at least 1, got {keep}")
        with self._lock:
            if session.session_id in self._sessions:
                raise StorageError(f"session {session.session_id} already exists")
            self._sessions[session.session_id] = session
            # The new session always stays: logins in the same instant must not end it by its random id
            others = [found for found in self._open(session.user_name) if found.session_id != session.session_id]
            for old in others[keep - 1 :]:
                self._sessions[old.session_id] = replace(old, ended_at=session.created_at, ended_why=Ending.TOO_MANY)

    def get(self, session_id: str) -> WebSession | None:
        with self._lock:
            return self._sessions.get(session_id)

    def rotate(self, session_id: str, expected_hash: str, new_hash: str, at: datetime) -> bool:
        check_session_id(session_id)
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None or session.ended_at is not None or session.refresh_hash != expected_hash:
                return False
            self._sessions[session_id] = replace(
                session, previous_hash=expected_hash, refresh_hash=new_hash, last_seen_at=at, rotated_at=at
            )
            return True

    def end(self, session_id: str, at: datetime, why: Ending) -> bool:
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None or session.ended_at is not None:
                return False
            self._sessions[session_id] = replace(session, ended_at=at, ended_why=Ending(why))
            return True

    def end_sessions(self, user_name: str, at: datetime, why: Ending, keep: str | None = None) -> int:
        with self._lock:
            ending = [s for s in self._open(user_name) if s.session_id != keep]
            for session in ending:
                self._sessions[session.session_id] = replace(session, ended_at=at, ended_why=Ending(why))
            return len(ending)

    def sessions(self, user_name: str) -> list[WebSession]:
        with self._lock:
            return self._open(user_name)

    def prune(self, seen_before: datetime, created_before: datetime) -> int:
        with self._lock:
            gone = [
                key
                for key, s in self._sessions.items()
                if s.last_seen_at < seen_before or s.created_at < created_before
            ]
            for key in gone:
                del self._sessions[key]
            return len(gone)

    def _open(self, user_name: str) -> list[WebSession]:
        # Newest first, ties by id, as the SQLite store orders them
        found = [s for s in self._sessions.values() if s.user_name == user_name and s.ended_at is None]
        return sorted(found, key=lambda s: (s.created_at, s.session_id), reverse=True)
