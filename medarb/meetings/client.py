"""The server's client of Janus's HTTP API (the "Janus API" over REST): it creates, checks and
destroys videorooms. Each call opens a session, attaches the videoroom plugin, sends one
synchronous request and leaves again, so no keep-alive is needed.

Rooms are created with the admin_key (only the server may create one), private (never listed
to browsers), recorded per participant under our own folder with `lock_record`, and with a
secret derived from the admin_key and the room's number, so only the server can edit or
destroy a room while nothing needs to be stored.
"""

import contextlib
import hashlib
import hmac
import secrets
from pathlib import Path
from typing import Any

import requests
from django.conf import settings

from medarb.meetings import janus

PLUGIN = "janus.plugin.videoroom"
TIMEOUT_SECONDS = 5


class JanusError(Exception):
    """Janus refused a request, or could not be reached (code 0)."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"Janus error {code}: {reason}")
        self.code = code
        self.reason = reason


class JanusClient:
    def __init__(self, url: str | None = None, *, admin_key: str | None = None) -> None:
        self.url = (url or settings.MEDARB_JANUS_URL).rstrip("/")
        self.admin_key = settings.MEDARB_JANUS_ADMIN_KEY if admin_key is None else admin_key
        self.http = requests.Session()

    # --- the rooms ------------------------------------------------------------------------

    def room_secret(self, room: int) -> str:
        return hmac.new(self.admin_key.encode(), f"room:{room}".encode(), hashlib.sha256).hexdigest()[:32]

    def create_room(
        self,
        room: int,
        *,
        description: str,
        publishers: int = 6,
        pin: str = "",
        allowed: list[str] | None = None,
        rec_dir: Path | None = None,
    ) -> dict[str, Any]:
        """Create a recorded videoroom; its participants' streams go to rec_dir (default rec/<room>).
        With `allowed`, Janus admits to the room only a join carrying one of those tokens
        (the videoroom's ACL); `allow` and `disallow` change the list later."""
        body: dict[str, Any] = {
            "request": "create",
            "room": room,
            "description": description,
            "publishers": publishers,
            "is_private": True,
            "permanent": False,
            "secret": self.room_secret(room),
            "record": True,
            "lock_record": True,
            "rec_dir": str(rec_dir or janus.recordings_dir() / str(room)),
        }
        if self.admin_key:
            body["admin_key"] = self.admin_key
        if pin:
            body["pin"] = pin
        if allowed is not None:
            body["allowed"] = list(allowed)
        return self._videoroom(body)

    def allow(self, room: int, tokens: list[str]) -> None:
        self._allowed(room, "add", tokens)

    def disallow(self, room: int, tokens: list[str]) -> None:
        self._allowed(room, "remove", tokens)

    def _allowed(self, room: int, action: str, tokens: list[str]) -> None:
        body = {"request": "allowed", "room": room, "secret": self.room_secret(room), "action": action}
        self._videoroom({**body, "allowed": list(tokens)})

    def kick(self, room: int, participant: int) -> None:
        """Send one participant out of the room (their token stays valid unless disallowed)."""
        body = {"request": "kick", "room": room, "secret": self.room_secret(room), "id": participant}
        self._videoroom(body)

    def participants(self, room: int) -> list[dict[str, Any]]:
        """Who is in the room now: id, display, publisher or not."""
        return self._videoroom({"request": "listparticipants", "room": room})["participants"]

    def destroy_room(self, room: int) -> None:
        self._videoroom({"request": "destroy", "room": room, "secret": self.room_secret(room)})

    def room_exists(self, room: int) -> bool:
        return bool(self._videoroom({"request": "exists", "room": room})["exists"])

    def rooms(self) -> list[dict[str, Any]]:
        """Every room, private ones included (Janus shows those to the admin_key only)."""
        body: dict[str, Any] = {"request": "list"}
        if self.admin_key:
            body["admin_key"] = self.admin_key
        return self._videoroom(body)["list"]

    def info(self) -> dict[str, Any]:
        """The server's description: version, loaded plugins and transports."""
        try:
            reply = self.http.get(f"{self.url}/info", timeout=TIMEOUT_SECONDS).json()
        except (requests.RequestException, ValueError) as exc:
            raise JanusError(0, f"Janus at {self.url} did not answer: {exc}") from exc
        return self._checked(reply)

    # --- the Janus API ----------------------------------------------------------------------

    def _videoroom(self, body: dict[str, Any]) -> dict[str, Any]:
        session = self._post(self.url, {"janus": "create"})["data"]["id"]
        try:
            handle = self._post(f"{self.url}/{session}", {"janus": "attach", "plugin": PLUGIN})["data"]["id"]
            reply = self._post(f"{self.url}/{session}/{handle}", {"janus": "message", "body": body})
            data = reply["plugindata"]["data"]
            if "error_code" in data:  # the plugin's refusal (e.g. 433: a wrong or missing admin_key)
                raise JanusError(data["error_code"], data.get("error", ""))
            return data
        finally:
            # Destroying the session detaches its handle too.
            with contextlib.suppress(JanusError):
                self._post(f"{self.url}/{session}", {"janus": "destroy"})

    def _post(self, url: str, message: dict[str, Any]) -> dict[str, Any]:
        message = {**message, "transaction": secrets.token_hex(8)}
        try:
            reply = self.http.post(url, json=message, timeout=TIMEOUT_SECONDS).json()
        except (requests.RequestException, ValueError) as exc:
            raise JanusError(0, f"Janus at {self.url} did not answer: {exc}") from exc
        return self._checked(reply)

    @staticmethod
    def _checked(reply: dict[str, Any]) -> dict[str, Any]:
        if reply.get("janus") == "error":
            error = reply.get("error", {})
            raise JanusError(error.get("code", 0), error.get("reason", ""))
        return reply
