"""SQLite storage for applications (办件), uploads, reviews, follow-ups, site registrations, bookings
(网上预约) and subscriptions (消息订阅).

One connection shared by every thread of the server, guarded by a lock; ``db_path=None`` keeps the
database in memory (each create_app gets a fresh one).
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
from datetime import datetime
from typing import Callable

SCHEMA = """
CREATE TABLE IF NOT EXISTS applications (
    no TEXT PRIMARY KEY, item_id TEXT NOT NULL, item_name TEXT NOT NULL, username TEXT NOT NULL,
    name TEXT NOT NULL, id_number TEXT NOT NULL, phone TEXT NOT NULL, address TEXT, reason TEXT,
    status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY, no TEXT NOT NULL, material TEXT NOT NULL, filename TEXT NOT NULL,
    size INTEGER NOT NULL, sha256 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS status_log (id INTEGER PRIMARY KEY, no TEXT NOT NULL, status TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reviews (
    no TEXT PRIMARY KEY, level TEXT NOT NULL, tags TEXT NOT NULL, comment TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS followups (
    id INTEGER PRIMARY KEY, no TEXT NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS query_passwords (no TEXT PRIMARY KEY, salt TEXT NOT NULL, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bookings (
    no TEXT PRIMARY KEY, username TEXT NOT NULL, item_id TEXT NOT NULL, item_name TEXT NOT NULL,
    hall_id TEXT NOT NULL, hall_name TEXT NOT NULL, hall_address TEXT NOT NULL, day TEXT NOT NULL,
    slot TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS subscriptions (
    username TEXT NOT NULL, item_id TEXT NOT NULL, item_name TEXT NOT NULL, channels TEXT NOT NULL,
    created_at TEXT NOT NULL, PRIMARY KEY (username, item_id));
CREATE TABLE IF NOT EXISTS site_accounts (
    site TEXT NOT NULL, username TEXT NOT NULL, pw_hash TEXT, phone TEXT, created_at TEXT NOT NULL,
    PRIMARY KEY (site, username));
"""

STATUSES = ("已提交", "已受理", "已办结")


def _digest(salt: str, password: str) -> str:
    return hashlib.sha256((salt + ":" + password).encode("utf-8")).hexdigest()


def now() -> str:
    return datetime.now().strftime("%Y-%m-%d %H:%M:%S")


class Database:
    def __init__(self, path: str | None = None):
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path or ":memory:", check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        with self._lock:
            self._conn.executescript(SCHEMA)
            self._conn.commit()

    def _all(self, sql: str, args=()) -> list[dict]:
        with self._lock:
            return [dict(r) for r in self._conn.execute(sql, args).fetchall()]

    def _one(self, sql: str, args=()) -> dict | None:
        rows = self._all(sql, args)
        return rows[0] if rows else None

    def _run(self, sql: str, args=()) -> None:
        with self._lock:
            self._conn.execute(sql, args)
            self._conn.commit()

    # applications -------------------------------------------------------------------------
    def create_application(self, *, impl_code: str, item: dict, user: dict, address: str, reason: str,
                           uploads: list[dict], numbering: Callable[[Callable[[str], bool]], str] | None = None) -> str:
        """Store a new 办件; its number is 实施编码 + yyyymmdd + 4 random digits (unique, not a sequence:
        a sequential number lets anyone guess the neighbours' 办件), unless a flavour brings its own
        `numbering(taken)` (taken(no) tells whether a number is already used)."""
        stamp = now()
        prefix = impl_code + datetime.now().strftime("%Y%m%d")
        with self._lock:
            if numbering is not None:
                no = numbering(lambda n: self._conn.execute(
                    "SELECT 1 FROM applications WHERE no = ?", (n,)).fetchone() is not None)
            else:
                no = self._unused_number(prefix)
            self._conn.execute(
                "INSERT INTO applications VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (no, item["id"], item["name"], user["username"], user["name"], user["id_number"], user["phone"],
                 address, reason, STATUSES[0], stamp, stamp))
            self._conn.execute("INSERT INTO status_log (no, status, at) VALUES (?,?,?)", (no, STATUSES[0], stamp))
            for up in uploads:
                self._conn.execute("INSERT INTO uploads (no, material, filename, size, sha256) VALUES (?,?,?,?,?)",
                                   (no, up["material"], up["filename"], up["size"], up["sha256"]))
            self._conn.commit()
        return no

    def application(self, no: str) -> dict | None:
        return self._one("SELECT * FROM applications WHERE no = ?", (no,))

    def applications_of(self, username: str) -> list[dict]:
        return self._all("SELECT * FROM applications WHERE username = ? ORDER BY created_at DESC, no DESC",
                         (username,))

    def uploads_of(self, no: str) -> list[dict]:
        return self._all("SELECT material, filename, size FROM uploads WHERE no = ? ORDER BY id", (no,))

    def _unused_number(self, prefix: str) -> str:
        """prefix + 4 random digits not yet used (called under the lock)."""
        for _ in range(200):
            no = f"{prefix}{secrets.randbelow(10000):04d}"
            if self._conn.execute("SELECT 1 FROM applications WHERE no = ?", (no,)).fetchone() is None:
                return no
        taken = {r[0][-4:] for r in self._conn.execute("SELECT no FROM applications WHERE no LIKE ?", (prefix + "%",))}
        free = [n for n in (f"{i:04d}" for i in range(10000)) if n not in taken]
        if not free:
            raise RuntimeError(f"no 办件编号 left for {prefix}")
        return prefix + free[secrets.randbelow(len(free))]

    def advance(self, no: str) -> str | None:
        """Move one step 已提交 → 已受理 → 已办结; returns the new status, None if unknown, same if final."""
        with self._lock:
            row = self._conn.execute("SELECT status FROM applications WHERE no = ?", (no,)).fetchone()
            if row is None:
                return None
            index = STATUSES.index(row["status"])
            if index == len(STATUSES) - 1:
                return row["status"]
            new, stamp = STATUSES[index + 1], now()
            self._conn.execute("UPDATE applications SET status = ?, updated_at = ? WHERE no = ?", (new, stamp, no))
            self._conn.execute("INSERT INTO status_log (no, status, at) VALUES (?,?,?)", (no, new, stamp))
            self._conn.commit()
            return new

    def status_log(self, no: str) -> list[dict]:
        return self._all("SELECT status, at FROM status_log WHERE no = ? ORDER BY id", (no,))

    # 查询密码 (flavour C): a 6-digit password per 办件, shown once on the receipt, kept salted and hashed
    def set_query_password(self, no: str, password: str) -> None:
        salt = secrets.token_hex(8)
        self._run("INSERT OR REPLACE INTO query_passwords VALUES (?,?,?)", (no, salt, _digest(salt, password)))

    def query_password_ok(self, no: str, password: str) -> bool:
        row = self._one("SELECT salt, digest FROM query_passwords WHERE no = ?", (no,))
        return row is not None and hmac.compare_digest(row["digest"], _digest(row["salt"], password))

    # reviews ------------------------------------------------------------------------------
    def review(self, no: str) -> dict | None:
        row = self._one("SELECT * FROM reviews WHERE no = ?", (no,))
        if row:
            row["tags"] = json.loads(row["tags"])
        return row

    def add_review(self, no: str, level: str, tags: list[str], comment: str, followup: bool) -> None:
        stamp = now()
        with self._lock:
            self._conn.execute("INSERT INTO reviews VALUES (?,?,?,?,?)",
                               (no, level, json.dumps(tags, ensure_ascii=False), comment, stamp))
            if followup:
                self._conn.execute("INSERT INTO followups (no, state, created_at) VALUES (?,?,?)",
                                   (no, "待回访", stamp))
            self._conn.commit()

    def followup(self, no: str) -> dict | None:
        return self._one("SELECT * FROM followups WHERE no = ? ORDER BY id DESC", (no,))

    # bookings (网上预约) ---------------------------------------------------------------------
    def create_booking(self, record: dict, numbering: Callable[[Callable[[str], bool]], str],
                       capacity_left: Callable[[int], int]) -> str | None:
        """Store a booking of `record` (username, item_id, item_name, hall_id, hall_name, hall_address,
        day, slot) numbered by `numbering(taken)`, unless the slot is gone: `capacity_left(booked)` says
        how many remain given the bookings already stored for that slot (checked under the lock, so two
        citizens cannot take the last place both). None when nothing is left."""
        with self._lock:
            booked = self._conn.execute(
                "SELECT COUNT(*) FROM bookings WHERE item_id = ? AND hall_id = ? AND day = ? AND slot = ?",
                (record["item_id"], record["hall_id"], record["day"], record["slot"])).fetchone()[0]
            if capacity_left(booked) <= 0:
                return None
            no = numbering(lambda n: self._conn.execute(
                "SELECT 1 FROM bookings WHERE no = ?", (n,)).fetchone() is not None)
            self._conn.execute("INSERT INTO bookings VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                               (no, record["username"], record["item_id"], record["item_name"], record["hall_id"],
                                record["hall_name"], record["hall_address"], record["day"], record["slot"], "已预约",
                                now()))
            self._conn.commit()
        return no

    def booked(self, item_id: str, hall_id: str, day: str) -> dict[str, int]:
        """slot → bookings stored for it (one item, hall and day)."""
        rows = self._all("SELECT slot, COUNT(*) AS n FROM bookings WHERE item_id = ? AND hall_id = ? AND day = ? "
                         "GROUP BY slot", (item_id, hall_id, day))
        return {r["slot"]: r["n"] for r in rows}

    def booking(self, no: str) -> dict | None:
        return self._one("SELECT * FROM bookings WHERE no = ?", (no,))

    def bookings_of(self, username: str) -> list[dict]:
        return self._all("SELECT * FROM bookings WHERE username = ? ORDER BY created_at DESC, no DESC", (username,))

    # subscriptions (消息订阅) -----------------------------------------------------------------
    def subscribe(self, username: str, item: dict, channels: list[str]) -> None:
        self._run("INSERT OR REPLACE INTO subscriptions VALUES (?,?,?,?,?)",
                  (username, item["id"], item["name"], json.dumps(channels, ensure_ascii=False), now()))

    def unsubscribe(self, username: str, item_id: str) -> bool:
        with self._lock:
            gone = self._conn.execute("DELETE FROM subscriptions WHERE username = ? AND item_id = ?",
                                      (username, item_id)).rowcount
            self._conn.commit()
        return gone > 0

    def subscriptions_of(self, username: str) -> list[dict]:
        rows = self._all("SELECT * FROM subscriptions WHERE username = ? ORDER BY created_at DESC, item_id",
                         (username,))
        for row in rows:
            row["channels"] = json.loads(row["channels"])
        return rows

    # accounts of sites that keep their own (rst registration, ywxt) -------------------------
    def site_account(self, site: str, username: str) -> dict | None:
        return self._one("SELECT * FROM site_accounts WHERE site = ? AND username = ?", (site, username))

    def add_site_account(self, site: str, username: str, pw_hash: str | None, phone: str | None) -> bool:
        try:
            self._run("INSERT INTO site_accounts VALUES (?,?,?,?,?)", (site, username, pw_hash, phone, now()))
        except sqlite3.IntegrityError:
            return False
        return True
