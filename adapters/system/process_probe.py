"""ProcessProbe over the OS: signal 0 on POSIX, OpenProcess + GetExitCodeProcess on Windows."""

from __future__ import annotations

import ctypes
import functools
import os
import socket
from collections.abc import Callable
from typing import Any

from ports.process_probe import ProcessProbe

# Windows: the least access right that lets GetExitCodeProcess answer, and what it answers for a running process
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
STILL_ACTIVE = 259
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_PARAMETER = 87  # OpenProcess's answer for a pid that names no process
MAX_PID = 2**31 - 1


class SystemProcessProbe(ProcessProbe):
    """`host` defaults to socket.gethostname(), the name local_holder writes into the lease."""

    def __init__(self, host: str | None = None) -> None:
        self._host = socket.gethostname() if host is None else host
        self._ask: Callable[[int], bool | None] = _windows_alive if os.name == "nt" else _posix_alive

    def alive(self, host: str, pid: int) -> bool | None:
        if host != self._host or not 0 < pid <= MAX_PID:
            return None
        return self._ask(pid)


def _posix_alive(pid: int) -> bool | None:
    # Signal 0 only checks that the pid exists and may be signalled; nothing is delivered
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, run by another user
    except OSError:
        return None
    return True


def _windows_alive(pid: int) -> bool | None:
    # Never os.kill here: on Windows any signal number terminates the process
    kernel32 = _kernel32()
    handle = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        error = getattr(ctypes, "get_last_error")()  # noqa: B009 - Windows only: typeshed hides it elsewhere
        return {ERROR_INVALID_PARAMETER: False, ERROR_ACCESS_DENIED: True}.get(error)
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return None
        # A process that exited with 259 itself reads as running: the same harmless error as a reused pid
        return code.value == STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


@functools.cache
def _kernel32() -> Any:
    # Declared types: the default int result would truncate a 64-bit HANDLE
    kernel32 = getattr(ctypes, "WinDLL")("kernel32", use_last_error=True)  # noqa: B009 - Windows only, as above
    kernel32.OpenProcess.restype = ctypes.c_void_p
    kernel32.OpenProcess.argtypes = (ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong)
    kernel32.GetExitCodeProcess.argtypes = (ctypes.c_void_p, ctypes.POINTER(ctypes.c_ulong))
    kernel32.CloseHandle.argtypes = (ctypes.c_void_p,)
    return kernel32
