"""Live classes: a teacher's screen followed by the students' screens, and questions to the class.

Everything a class is lives here, in memory, without Panel: the codes and the teacher's key, the
state the students follow, the answers to the open question, the size cap and the idle expiry.
A class lives in one server process; ``deploy/nginx`` routes every page of one class there.
The dashboard's glue (``reflexmap.dashboard.class_panel``) subscribes each session's document as a
listener; the registry calls listeners synchronously and they schedule their own document's update.
"""

from __future__ import annotations

import logging
import math
import re
import secrets
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .charts import VIEWS
from .i18n import N_

# No 0/O, 1/I/L: a code is read off a projector and typed on a phone.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8  # 31**8 is about 8.5e11 codes: guessing a live one is hopeless
IDLE_MINUTES = 45.0  # a class no teacher has touched for this long ends
CLASS_SIZE = 200  # students at once in one class
MAX_CLASSES = 500  # live classes in one process: a flood of new codes cannot fill its memory
CLASSES_PER_CLIENT = 10  # live classes started from one address: one page cannot take them all
ABANDONED_MINUTES = 5.0  # a class with no page open (no teacher, no student) ends this soon
NICKNAME_LENGTH = 24
# the longest followed text (a lesson of every zone of a large chart is some thousands of characters);
# it bounds what one class keeps and sends to each student, not what a teacher may plan
STATE_TEXT_LENGTH = 16_000
_LONGEST = {"lesson": STATE_TEXT_LENGTH, "revealed": 2000}  # other settings: 200 (a zone id, a foot)
_CODE = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")
_KEY = re.compile(r"[A-Za-z0-9_-]{20,64}")
_ZONE_ID = re.compile(r"[a-z0-9_.-]{1,64}")
FEET = ("left", "right")
log = logging.getLogger("reflexmap.classroom")

# What a student's screen takes from the teacher's: the names and types of AppState's params.
FOLLOWED: dict[str, type | tuple[type, ...]] = {
    "view": str,  # first: the zone is looked for on it
    "zone": str,
    "foot": str,
    "show_labels": bool,
    "show_longitudinal": bool,
    "foot_filter": str,
    "present": bool,
    "lesson": str,
    "lesson_index": int,
    "revealed": list,
}


class ClassError(Exception):
    """A page cannot join or drive a class, or a class has ended: ``str()`` is the message for the
    person in English, :meth:`said` in a page's language (the template is in the catalogue)."""

    def __init__(self, template: str, **values: object):
        super().__init__(template.format(**values))
        self.template = template
        self.values = values

    def said(self, gettext: Callable[[str], str]) -> str:
        """The message through ``gettext`` (e.g. ``state._``)."""
        return gettext(self.template).format(**self.values)


class TooLong(ValueError):
    """A followed setting is longer than its limit (a lesson: :data:`STATE_TEXT_LENGTH`);
    ``name`` says which."""

    def __init__(self, name: str, length: int):
        super().__init__(f"{name} is too long ({length})")
        self.name = name
        self.length = length


def new_code() -> str:
    """A fresh, hard-to-guess class code."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_key() -> str:
    """A fresh teacher key (kept in the teacher's browser, never in a student's link)."""
    return secrets.token_urlsafe(24)


def normal_code(text: object) -> str | None:
    """The code a person typed or a link carries, upper-cased without spaces or dashes; None if it
    cannot be a code at all."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = re.sub(r"[\s-]", "", text).upper()
    return code if _CODE.fullmatch(code) else None


def not_a_code() -> ClassError:
    """What a person is told about a text that cannot be a class code."""
    return ClassError(
        N_("A class code has {length} letters and digits; check the link or ask your teacher."),
        length=CODE_LENGTH,
    )


def valid_key(key: object) -> bool:
    return isinstance(key, str) and _KEY.fullmatch(key) is not None


def clean_nickname(text: object) -> str:
    """A nickname as plain text: printable characters only, trimmed to :data:`NICKNAME_LENGTH`.

    It is still text, not HTML: every place that shows it escapes it.
    """
    if not isinstance(text, str):
        return ""
    kept = "".join(c for c in text if unicodedata.category(c)[0] not in "CZ" or c == " ")
    return " ".join(kept.split())[:NICKNAME_LENGTH]


def followed_state(raw: object) -> dict:
    """The teacher's state as a student's screen takes it; refuses (ValueError) anything else:
    unknown names, wrong types, oversized values (:class:`TooLong`, naming the setting)."""
    if not isinstance(raw, dict) or set(raw) - set(FOLLOWED):
        raise ValueError("not a class state")
    for name, value in raw.items():
        kind = FOLLOWED[name]
        if type(value) is not kind:
            raise ValueError(f"bad {name}")
        if isinstance(value, str | list) and len(value) > _LONGEST.get(name, 200):
            raise TooLong(name, len(value))
        if kind is list and not all(isinstance(v, str) and len(v) < 200 for v in value):
            raise ValueError(f"bad {name}")
    if raw.get("view", VIEWS[0]) not in VIEWS:
        raise ValueError("bad view")
    return dict(raw)


@dataclass(frozen=True)
class Question:
    """'Find the …' asked of the class: the zone on one foot, with its name for the prompt."""

    number: int
    zone_id: str
    foot: str
    name: str
    revealed: bool = False

    @property
    def key(self) -> str:
        return f"{self.zone_id}|{self.foot}"


@dataclass(frozen=True)
class Answer:
    """One student's tap: where (display coordinates of the map) and whether it found the zone."""

    x: float
    y: float
    right: bool
    nickname: str = ""


@dataclass(frozen=True)
class Tally:
    """What the teacher sees of the answers: how many of how many, how many right, the dots."""

    students: int
    answered: int
    right: int
    dots: tuple[Answer, ...]

    @property
    def share_right(self) -> float:
        return self.right / self.answered if self.answered else 0.0


# A listener gets the event's kind and the class; kinds: "state", "question", "answers", "ended".
Listener = Callable[[str, "Classroom"], None]


@dataclass
class Classroom:
    """One live class. Change it only through :class:`Registry`, which checks the key."""

    code: str
    key: str
    state: dict = field(default_factory=dict)
    question: Question | None = None
    answers: dict[int, Answer] = field(default_factory=dict)
    students: dict[int, Listener] = field(default_factory=dict)
    teachers: dict[int, Listener] = field(default_factory=dict)
    last_active: float = 0.0
    ended: ClassError | None = None  # why it ended, for whoever still looks at it
    client: str = ""  # the address that started it, for the per-client limit
    empty_since: float | None = None  # when its last page closed (None: a page is open)

    def tally(self) -> Tally:
        dots = tuple(self.answers.values())
        return Tally(len(self.students), len(dots), sum(a.right for a in dots), dots)


class Registry:
    """Every live class of this process. ``clock`` is injectable for tests (seconds)."""

    def __init__(
        self,
        idle_minutes: float = IDLE_MINUTES,
        size: int = CLASS_SIZE,
        clock: Callable[[], float] = time.monotonic,
        per_client: int = CLASSES_PER_CLIENT,
        abandoned_minutes: float = ABANDONED_MINUTES,
    ):
        self.idle_seconds = idle_minutes * 60
        self.abandoned_seconds = abandoned_minutes * 60
        self.per_client = per_client
        self.size = size
        self.clock = clock
        self.classes: dict[str, Classroom] = {}
        self.ended: dict[str, ClassError] = {}  # code -> why, so a stale link says what happened
        self._ids = 0

    # --- teacher ----------------------------------------------------------------------------------

    def claim(
        self, code: str, key: str, listener: Listener, client: str = ""
    ) -> tuple[Classroom, int] | None:
        """The teacher's page for ``code``: opens the class if it is new here, or joins it as a
        teacher again (a reload, a second screen) when ``key`` is its key. Returns None when the
        key does not fit (such a page is a student) or the code is no code. ``client`` (the
        page's address) may have at most ``per_client`` classes open at once."""
        self.expire()
        if normal_code(code) != code or not valid_key(key):
            return None
        room = self.classes.get(code)
        if room is None:
            if code in self.ended:
                raise self.ended[code]
            if len(self.classes) >= MAX_CLASSES:
                raise ClassError(N_("This server holds as many classes as it can; try again later."))
            if sum(r.client == client for r in self.classes.values()) >= self.per_client:
                raise ClassError(
                    N_(
                        "This computer already has {count} classes open on this server. End one "
                        "(End class), or wait: a class whose pages are all closed ends after "
                        "{minutes} minutes."
                    ),
                    count=self.per_client,
                    minutes=f"{self.abandoned_seconds / 60:.0f}",
                )
            room = Classroom(code=code, key=key, last_active=self.clock(), client=client)
            self.classes[code] = room
        elif not secrets.compare_digest(room.key, key):
            return None
        member = self._next_id()
        room.teachers[member] = listener
        room.empty_since = None
        return room, member

    def _driven(self, code: str, key: str) -> Classroom:
        self.expire()
        room = self.classes.get(code)
        if room is None or not valid_key(key) or not secrets.compare_digest(room.key, key):
            raise ClassError(N_("Only the teacher's page can do that."))
        room.last_active = self.clock()
        return room

    def publish(self, code: str, key: str, state: object) -> None:
        """The teacher's screen changed: every following student gets it."""
        room = self._driven(code, key)
        room.state = {**room.state, **followed_state(state)}
        self._tell(room.students, "state", room)

    def ask(self, code: str, key: str, zone_id: str, foot: str, name: str) -> Question:
        """Ask the class to find a zone; earlier answers are dropped."""
        room = self._driven(code, key)
        if not _ZONE_ID.fullmatch(zone_id) or foot not in FEET:
            raise ClassError(N_("That is not a zone to ask about."))
        number = room.question.number + 1 if room.question else 1
        room.question = Question(number, zone_id, foot, name[:120])
        room.answers = {}
        self._tell(room.students, "question", room)
        self._tell(room.teachers, "answers", room)
        return room.question

    def reveal(self, code: str, key: str) -> None:
        room = self._driven(code, key)
        if room.question is None:
            return
        room.question = replace(room.question, revealed=True)
        room.state = {**room.state, "zone": room.question.zone_id, "foot": room.question.foot}
        self._tell(room.students, "question", room)
        self._tell(room.teachers, "answers", room)

    def end(self, code: str, key: str) -> None:
        room = self._driven(code, key)
        self._close(room, ClassError(N_("Class {code} has ended: the teacher ended it."), code=code))

    # --- students ---------------------------------------------------------------------------------

    def join(self, code: object, listener: Listener) -> tuple[Classroom, int]:
        """A student's page joins; raises ClassError (its message for the student) when it cannot."""
        self.expire()
        found = normal_code(code)
        if found is None:
            raise not_a_code()
        if found in self.ended:
            raise self.ended[found]
        room = self.classes.get(found)
        if room is None:
            raise ClassError(
                N_(
                    "There is no class {code} running. Check the code with your teacher: a class "
                    "ends when the teacher ends it or after {minutes} minutes without activity."
                ),
                code=found,
                minutes=f"{self.idle_seconds / 60:.0f}",
            )
        if len(room.students) >= self.size:
            raise ClassError(
                N_(
                    "Class {code} is full ({size} students). Ask your teacher; you can still use the "
                    "map on your own."
                ),
                code=found,
                size=self.size,
            )
        member = self._next_id()
        room.students[member] = listener
        room.empty_since = None
        self._tell(room.teachers, "answers", room)
        return room, member

    def answer(
        self,
        code: str,
        member: int,
        zone_ids: object,
        foot: object,
        x: object,
        y: object,
        nickname: object = "",
    ) -> bool:
        """A student's answer to the open question (the first one counts); True when it counted."""
        room = self.classes.get(code)
        question = room and room.question
        if question is None or question.revealed or member not in room.students or member in room.answers:
            return False
        if not (isinstance(zone_ids, list | tuple) and all(isinstance(z, str) for z in zone_ids)):
            return False
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in (x, y)):
            return False
        right = foot == question.foot and question.zone_id in zone_ids
        room.answers[member] = Answer(float(x), float(y), right, clean_nickname(nickname))
        self._tell(room.teachers, "answers", room)
        return True

    def leave(self, code: str, member: int) -> None:
        """A page closed (student or teacher); its listener goes."""
        room = self.classes.get(code)
        if room is None:
            return
        was_student = room.students.pop(member, None) is not None
        room.teachers.pop(member, None)
        if not room.students and not room.teachers:
            room.empty_since = self.clock()
        if was_student:
            self._tell(room.teachers, "answers", room)

    # --- upkeep -----------------------------------------------------------------------------------

    def expire(self) -> list[str]:
        """End the classes idle longer than the limit, and those no page has had open for
        ``abandoned_minutes``; returns their codes."""
        now = self.clock()
        idle = [r for r in self.classes.values() if now - r.last_active > self.idle_seconds]
        for room in idle:
            minutes = self.idle_seconds / 60
            why = N_("Class {code} has ended: nothing happened in it for {minutes} minutes.")
            self._close(room, ClassError(why, code=room.code, minutes=f"{minutes:.0f}"))
        # started and left (or a page that makes classes for no one): it need not wait out the hour
        empty = [
            r
            for r in self.classes.values()
            if r.empty_since is not None and now - r.empty_since > self.abandoned_seconds
        ]
        for room in empty:
            minutes = self.abandoned_seconds / 60
            why = N_("Class {code} has ended: no page had it open for {minutes} minutes.")
            self._close(room, ClassError(why, code=room.code, minutes=f"{minutes:.0f}"))
        return [r.code for r in idle + empty]

    def seconds_left(self, code: str) -> float | None:
        """Seconds until ``code`` would end for idleness (None when it is not live)."""
        room = self.classes.get(code)
        return None if room is None else max(0.0, room.last_active + self.idle_seconds - self.clock())

    def _close(self, room: Classroom, why: ClassError) -> None:
        room.ended = why
        self.classes.pop(room.code, None)
        self.ended[room.code] = why
        if len(self.ended) > 10_000:  # forget the oldest: a stale link then says "no class"
            self.ended.pop(next(iter(self.ended)))
        self._tell({**room.students, **room.teachers}, "ended", room)

    def _next_id(self) -> int:
        self._ids += 1
        return self._ids

    @staticmethod
    def _tell(listeners: dict[int, Listener], kind: str, room: Classroom) -> None:
        for listener in list(listeners.values()):
            try:
                listener(kind, room)
            except Exception:  # one closed page must not keep the news from the others
                log.exception("a class listener failed")
