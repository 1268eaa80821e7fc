"""Self-practice helpers: a safety screening before a routine, and "find my point" in words.

Pure Python on top of :mod:`reflexmap.content` and :class:`~reflexmap.model.Chart`; nothing here
knows about Panel. Every text returned is plain text (the app escapes it).

Screening::

    from reflexmap import content
    from reflexmap.practice import evaluate, screening_questions

    questions = screening_questions(content.safety())
    verdict = evaluate(questions, {"pregnant": False, ...})
    if verdict.stop:  # a "yes" that rules the routine out, or a question still open
        print(verdict.title, verdict.message, verdict.reasons, verdict.unanswered)

The questions are built from the safety content, one per contraindication and per pregnancy
restriction, so a new item in ``safety.json`` gets a question without code changes.

Finding a point::

    from reflexmap import load_chart
    from reflexmap.practice import find_my_point, landmarks

    chart = load_chart()
    landmarks(chart, "liver", "right")
    # 'On the right foot: in the upper arch, just below the ball of the foot, from the middle
    #  toward the little-toe side (outer edge).'
    find_my_point(chart, "lower back")  # one PointAdvice per zone and foot

Landmarks are computed from the chart's geometry (the guide lines, the outline and the zone's
polygon), never written per zone, so they work for custom charts too.

Nothing here diagnoses anything: the screening only decides whether a self-practice routine
should wait for a doctor's advice.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from shapely.geometry import LineString, box
from shapely.geometry.base import BaseGeometry

from . import content
from .content import Routines, Safety, Step
from .i18n import DEFAULT_LANGUAGE, N_, translator
from .model import Chart

# --- screening ------------------------------------------------------------------------------------

SCREENING_INTRO = N_(
    "Before you start, a few questions. Answer them for the person whose feet will be massaged "
    "(usually yourself). A 'yes' does not mean anything is wrong; it only means a doctor should "
    "have a say first."
)
"""A line for the app to show above the questions (translate where shown)."""

PREGNANT = "pregnant"
"""The ``question_id`` of "Are you pregnant?"; the pregnancy restrictions depend on it."""

CHILD = "child"
"""The ``question_id`` of the question about babies and children."""

GO_AHEAD = "go-ahead"
"""The ``question_id`` of a children's routine's question: has a paediatrician prescribed it?"""

GROUPS = ("contraindication", "precaution", "pregnancy", "children")

# Wordings for safety items where "Do you have {item}?" reads badly. Keyed by the exact item text:
# if the text in safety.json changes, the generic wording takes over (a question is never lost),
# and a test reports the stale key.
_WORDING: dict[str, str] = {
    "fever": "Do you have a fever?",
    "the first trimester (first three months)": "Are you in the first trimester (the first three months)?",
    "any risk of miscarriage": "Has a doctor or midwife told you there is any risk of miscarriage?",
    "chronic disease of an internal organ": "Do you have a long-term (chronic) disease of an internal organ?",
}


@dataclass(frozen=True)
class Question:
    """One yes/no screening question.

    ``item`` is the safety text the question was built from; ``depends_on`` names a question that
    must be answered "yes" before this one is asked (the pregnancy restrictions depend on
    ``"pregnant"``). ``rules_out`` lists what is never done when this question is answered "yes"
    (the pregnancy ``never`` items), ``advice`` the source's guidance to show with a "yes".
    A ``needed`` question is the other way round: the routine may start only on a "yes" (a
    doctor's go-ahead), and its ``item`` names what a "no" lacks.
    ``stops``: whether a "yes" holds the routine back (a precaution such as blood thinners only
    changes how it is done, and its advice says how).
    """

    question_id: str
    text: str
    group: str
    item: str
    depends_on: str | None = None
    rules_out: tuple[str, ...] = ()
    advice: str = ""
    needed: bool = False
    stops: bool = True
    lang: str = DEFAULT_LANGUAGE
    """The language of its text, and of the verdict :func:`evaluate` words from it."""

    @property
    def reason(self) -> str:
        """The item in short, as listed in :attr:`Verdict.reasons` when answered "yes"."""
        head = _head(self.item)
        if self.group == "pregnancy" and self.depends_on:
            return translator(self.lang).gettext("in pregnancy: {item}").format(item=head)
        return head


@dataclass(frozen=True)
class Verdict:
    """The result of the screening.

    ``stop`` is true when the routine must not start: an answer rules it out, or a required
    question is still unanswered (listed in ``unanswered``). ``reasons`` are the items answered
    "yes" that stop it; ``ruled_out`` what must not be done even when the routine may start
    (vibration and electric massagers in pregnancy, ...).
    """

    stop: bool
    title: str
    message: str
    reasons: tuple[str, ...]
    ruled_out: tuple[str, ...]
    unanswered: tuple[str, ...]
    take_care: tuple[str, ...] = ()
    """The advice of every precaution answered "yes", stopping or not: how to adapt the massage."""

    @property
    def can_start(self) -> bool:
        return not self.stop


def _head(item: str) -> str:
    """An item without its explanation: "a blood clot ...: massage can loosen ..." -> "a blood clot ..."."""
    return item.split(":", 1)[0].strip()


def _question_text(item: str, lang: str) -> str:
    if lang == DEFAULT_LANGUAGE and item in _WORDING:
        return _WORDING[item]
    return translator(lang).gettext("Do you have {item}?").format(item=_head(item))


_FILLER = frozenset({"a", "an", "the", "or", "and", "of", "on", "to", "with", "any", "other"})


def _slug(text: str, words: int = 4) -> str:
    """A short id from an item: "open or festering (purulent) wounds ..." -> "open-festering-wounds-foot"."""
    plain = re.sub(r"\([^)]*\)", " ", _head(text).casefold())
    parts = [w for w in re.findall(r"[a-z0-9]+", plain) if w not in _FILLER]
    return "-".join(parts[:words]) or "item"


def _unique(question_id: str, taken: set[str]) -> str:
    candidate, n = question_id, 2
    while candidate in taken:
        candidate, n = f"{question_id}-{n}", n + 1
    taken.add(candidate)
    return candidate


def screening_questions(safety: Safety) -> tuple[Question, ...]:
    """The screening checklist built from the safety content, in the order to ask it.

    One question per contraindication and per precaution, then "Are you pregnant?" followed by
    one question per pregnancy restriction (asked only if pregnant: ``depends_on="pregnant"``), then one about
    babies and children. Question ids are slugs derived from the English item text, so they stay
    the same when the items are reordered, and in every language. The questions are in the
    language of ``safety`` (``content.safety(lang)``).
    """
    lang = safety.lang
    _ = translator(lang).gettext
    # ids from the English items: the translation keeps the English order (translations.py)
    english = content.safety() if lang != DEFAULT_LANGUAGE else safety
    taken = {PREGNANT, CHILD}
    questions = [
        Question(
            question_id=_unique(_slug(en), taken),
            text=_question_text(item, lang),
            group="contraindication",
            item=item,
            lang=lang,
        )
        for item, en in zip(safety.contraindications, english.contraindications, strict=True)
    ]
    # precautions carry their own wording and ids (they are data, like the contraindications)
    questions += [
        Question(
            question_id=_unique(p.precaution_id, taken),
            text=p.question,
            group="precaution",
            item=p.item,
            advice=p.advice,
            stops=p.stops,
            lang=lang,
        )
        for p in safety.precautions
    ]
    pregnancy = safety.pregnancy
    questions.append(
        Question(
            question_id=PREGNANT,
            text=_("Are you pregnant?"),
            group="pregnancy",
            item=_("pregnancy"),
            rules_out=pregnancy.never,
            advice=pregnancy.summary,
            lang=lang,
        )
    )
    questions += [
        Question(
            question_id=_unique(f"pregnancy-{_slug(en)}", taken),
            text=_question_text(item, lang),
            group="pregnancy",
            item=item,
            depends_on=PREGNANT,
            lang=lang,
        )
        for item, en in zip(pregnancy.restrictions, english.pregnancy.restrictions, strict=True)
    ]
    questions.append(
        Question(
            question_id=CHILD,
            text=_("Is the person you will massage a baby or child?"),
            group="children",
            item=_("a baby or child"),
            advice=safety.children.summary,
            lang=lang,
        )
    )
    return tuple(questions)


def routine_screening(questions: tuple[Question, ...], for_children: bool) -> tuple[Question, ...]:
    """The screening that fits a routine.

    A routine for adults asks ``questions`` as they are. A routine for children (the valgus
    course) drops the questions about pregnancy and about massaging a child, which would stop
    the very routine chosen, and asks instead whether a paediatrician or orthopaedist has
    prescribed it (:data:`GO_AHEAD`, a ``needed`` question: only a "yes" lets it start). The
    other questions stay, asked about the child.
    """
    if not for_children:
        return questions
    lang = _language_of(questions)
    _ = translator(lang).gettext
    kept = tuple(q for q in questions if q.group not in ("pregnancy", "children"))
    go_ahead = Question(
        question_id=GO_AHEAD,
        text=_("Has a paediatrician or orthopaedist prescribed this course for the child?"),
        group="children",
        item=_("no go-ahead from a paediatrician or orthopaedist"),
        advice=_(
            "A course for a child is given only on the prescription of a paediatrician or "
            "orthopaedist, ideally by a certified specialist who follows the doctor's plan."
        ),
        needed=True,
        lang=lang,
    )
    return (*kept, go_ahead)


def _language_of(questions: tuple[Question, ...]) -> str:
    return questions[0].lang if questions else DEFAULT_LANGUAGE


def _answer(answers: Mapping[str, bool | None], question_id: str) -> bool | None:
    value = answers.get(question_id)
    if value is not None and not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"answer to {question_id!r} must be True, False or None, not {value!r}")
    return None if value is None else bool(value)


def evaluate(questions: tuple[Question, ...], answers: Mapping[str, bool | None]) -> Verdict:
    """Decide whether a routine may start, from the answers given so far.

    ``answers`` maps ``question_id`` to ``True`` (yes) or ``False`` (no); a missing id or ``None``
    is unanswered. A question with ``depends_on`` is required only once that question is answered
    "yes"; until then its answer is ignored. Raises ``ValueError`` for ids that are not questions.
    The verdict is in the questions' language.
    """
    _ = translator(_language_of(questions)).gettext
    by_id = {q.question_id: q for q in questions}
    unknown = sorted(set(answers) - set(by_id))
    if unknown:
        raise ValueError(f"answers to unknown questions: {', '.join(unknown)}")

    def applies(q: Question) -> bool:
        return q.depends_on is None or _answer(answers, q.depends_on) is True

    asked = [q for q in questions if applies(q)]
    unanswered = tuple(q.question_id for q in asked if _answer(answers, q.question_id) is None)
    yes = [q for q in asked if not q.needed and _answer(answers, q.question_id) is True]
    lacking = [q for q in asked if q.needed and _answer(answers, q.question_id) is False]
    ruled_out = tuple(dict.fromkeys(item for q in yes for item in q.rules_out))
    # Pregnancy on its own is not a contraindication: the gate question only rules techniques out.
    stopping = [q for q in yes if q.question_id != PREGNANT and q.stops] + lacking
    take_care = tuple(q.advice for q in yes if q.group == "precaution")
    reasons = tuple(q.reason for q in stopping)
    pregnant = any(q.question_id == PREGNANT for q in yes)
    never = ""
    if ruled_out:
        never_use = _("During pregnancy, never use: {items}.") if pregnant else _("Never use: {items}.")
        never = " " + never_use.format(items=", ".join(ruled_out))

    if stopping:
        child = [q for q in stopping if q.question_id == CHILD]
        others = [q for q in stopping if q.question_id != CHILD and not q.needed]
        parts = [_("Thank you for checking.")]
        if others:
            parts.append(
                _(
                    "Because of what you answered, please don't start this routine for now: see a "
                    "doctor first and ask whether foot massage is right for you."
                )
            )
            if any(q.group == "pregnancy" for q in others):
                parts.append(_("In pregnancy, your doctor or midwife is the right person to ask."))
            parts.append(_("This is a precaution, not a diagnosis."))
        for q in child:
            parts.append(q.advice)
            parts.append(
                _(
                    "Please ask a paediatrician first; this self-practice routine is not meant for "
                    "babies or children."
                )
            )
        for q in lacking:
            parts.append(q.advice)
            parts.append(_("Please start this course once they have prescribed it."))
        # whatever stops the routine for now, the precautions hold for when it starts
        parts += take_care
        title = _("Please see a doctor before this routine")
        if (child or lacking) and not others:
            title = _("Please ask a paediatrician first")
        return Verdict(True, title, " ".join(parts) + never, reasons, ruled_out, unanswered, take_care)

    if unanswered:
        message = _(
            "Please answer every question before you start, so you know the routine is safe "
            "for you ({count} still open)."
        ).format(count=len(unanswered))
        title = _("A few questions are still open")
        return Verdict(True, title, message, (), ruled_out, unanswered, take_care)

    if pregnant:
        gate = by_id[PREGNANT]
        nothing_else = _("Nothing else you answered rules out this routine.")
        message = f"{gate.advice} {nothing_else}{never} " + _(
            "If you are unsure, ask your doctor or midwife."
        )
        return Verdict(
            False, _("You can start, gently"), " ".join((message, *take_care)), (), ruled_out, (), take_care
        )

    message = _(
        "Thank you. Nothing you answered rules out this routine. Press gently, never so hard that "
        "it hurts, and stop if you feel pain, dizziness or unwell."
    )
    if take_care:
        return Verdict(
            False, _("You can start, with care"), " ".join((message, *take_care)), (), (), (), take_care
        )
    return Verdict(False, _("You can start"), message, (), (), ())


# --- pacing the steps ---------------------------------------------------------------------------

SUGGESTED_STEP_S = 60
"""A step on the foot whose source gives no time gets a one-minute timer, shown as a suggestion."""


@dataclass(frozen=True)
class StepPace:
    """How the player paces one step: a countdown of ``seconds`` (the source's own time when
    ``from_source``, else a suggestion), or none (``seconds is None``): the step ends with Done."""

    seconds: int | None
    from_source: bool


def step_pace(routines: Routines, step: Step) -> StepPace:
    """The timer for a step: the source's duration; a one-minute suggestion for a step that works
    zones of the foot; no timer for a step elsewhere (lying down, the back, the legs), which the
    practitioner ends with Done when it is done."""
    if step.duration_s:
        return StepPace(int(step.duration_s), True)
    if routines.step_zones(step):
        return StepPace(SUGGESTED_STEP_S, False)
    return StepPace(None, False)


# --- landmarks ------------------------------------------------------------------------------------

GUIDE_LINES = ("pelvic line", "waist line", "diaphragm line", "shoulder line")
"""Guide line names, from the heel toward the toes."""

FALLBACK_FRACTIONS = {"pelvic line": 0.25, "waist line": 0.45, "diaphragm line": 0.62, "shoulder line": 0.77}
"""Where the guide lines sit, as fractions of the foot length from the heel, for charts without
them (close to the default chart's lines)."""

MEDIAL = "toward the big-toe side (inner edge)"
LATERAL = "toward the little-toe side (outer edge)"
MIDDLE = "in the middle"

_ON_LINE = 0.02  # within 2 % of the foot length a point is "on" a line
_NEAR = 0.25  # within a quarter of its band a point is "just below/above" the band's edge
_FILLED = 0.75  # ... unless the zone fills this share of the band's height
_SHARE = 0.25  # a third of the width holding this share of the zone is named
_TOE_SHARE = 0.15  # a toe holding this share of the zone's toe part is named
_TOE_NAMES = {5: ("big", "second", "third", "fourth", "little")}


@dataclass(frozen=True)
class PointAdvice:
    """Where and how to press one zone on one foot."""

    zone_id: str
    foot: str
    name: str
    landmarks: str
    technique: str
    caveats: tuple[str, ...]


def _line_y(geometry: BaseGeometry) -> float:
    _, miny, _, maxy = geometry.bounds
    return (miny + maxy) / 2


def guide_lines(chart: Chart, foot: str, view: str = "plantar") -> dict[str, float]:
    """The y (chart mm) of the four guide lines on a foot, heel to toes.

    Uses the chart's guide lines; a missing one, or lines out of order, falls back to
    :data:`FALLBACK_FRACTIONS` of the outline's length.
    """
    _, miny, _, maxy = chart.outline(foot, view).bounds
    fallback = {name: miny + f * (maxy - miny) for name, f in FALLBACK_FRACTIONS.items()}
    overlays = chart.overlays
    mine = overlays[
        (overlays["kind"] == "guide_line") & (overlays["foot"] == foot) & (overlays["view"] == view)
    ]
    found = {row.name: _line_y(row.geometry) for row in mine.itertuples() if row.name in GUIDE_LINES}
    lines = {name: found.get(name, fallback[name]) for name in GUIDE_LINES}
    ys = [lines[name] for name in GUIDE_LINES]
    if not (miny < ys[0] and all(a < b for a, b in itertools.pairwise(ys)) and ys[-1] < maxy):
        return fallback
    return lines


def _intervals(geometry: BaseGeometry) -> list[tuple[float, float]]:
    """x intervals of a horizontal section, touching pieces merged, sorted."""
    pieces = [g for g in getattr(geometry, "geoms", [geometry]) if not g.is_empty and g.length > 0]
    spans = sorted((g.bounds[0], g.bounds[2]) for g in pieces)
    merged: list[list[float]] = []
    for a, b in spans:
        if merged and a - merged[-1][1] < 0.5:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _section(geometry: BaseGeometry, y: float) -> list[tuple[float, float]]:
    minx, _, maxx, _ = geometry.bounds
    return _intervals(geometry.intersection(LineString([(minx - 1, y), (maxx + 1, y)])))


def _toes(outline: BaseGeometry, shoulder: float) -> list[tuple[float, float]]:
    """x intervals of the separate toes, medial first; empty when the outline has no toe gaps."""
    top = outline.bounds[3]
    best: list[tuple[float, float]] = []
    for y in np.linspace(shoulder, top, 42)[1:-1]:
        toes = [(a, b) for a, b in _section(outline, y) if b - a >= 2.0]
        if len(toes) > len(best):
            best = toes
    return best if len(best) > 1 else []


def _toe_names(count: int) -> tuple[str, ...]:
    if count in _TOE_NAMES:
        return _TOE_NAMES[count]
    ordinals = ("second", "third", "fourth", "fifth", "sixth")
    return ("big", *ordinals[: count - 2], "little")


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _toe_phrase(
    zone: BaseGeometry, outline: BaseGeometry, shoulder: float, x: float, base: bool
) -> str | None:
    """Which toes a zone covers ("on the big toe", "at the base of the second and third toes").

    None when the outline has no separate toes.
    """
    toes = _toes(outline, shoulder)
    if not toes:
        return None
    minx, _, maxx, maxy = outline.bounds
    part = zone.intersection(box(minx - 1, shoulder, maxx + 1, maxy + 1))
    if part.is_empty or part.area <= 0:
        part = zone
    cuts = [minx - 1, *((a[1] + b[0]) / 2 for a, b in itertools.pairwise(toes)), maxx + 1]
    shares = [
        part.intersection(box(lo, shoulder - 1e6, hi, maxy + 1)).area / part.area
        for lo, hi in itertools.pairwise(cuts)
    ]
    names = _toe_names(len(toes))
    picked = [i for i, share in enumerate(shares) if share >= _TOE_SHARE] or [int(np.argmax(shares))]
    where = "at the base of" if base else "on"
    if len(picked) == len(toes):
        return f"{where} all the toes"
    if picked == list(range(1, len(toes))) and len(toes) > 2:
        return f"{where} all the smaller toes"
    words = _join([names[i] for i in picked])
    if len(picked) > 1:
        return f"{where} the {words} toes"
    phrase = f"{where} the {words} toe"
    lo, hi = toes[picked[0]]
    inside = (x - lo) / (hi - lo)
    if inside < 0.3:
        phrase += ", along its inner edge"
    elif inside > 0.7:
        phrase += ", along its outer edge"
    return phrase


def _across(zone: BaseGeometry, outline: BaseGeometry) -> str:
    """Which part of the foot's width the zone covers, measured row by row against the outline."""
    _, miny, _, maxy = zone.bounds
    thirds = np.zeros(3)
    for y in np.linspace(miny, maxy, 24)[1:-1]:
        foot = _section(outline, y)
        if not foot:
            continue
        left, right = foot[0][0], foot[-1][1]
        width = right - left
        if width <= 0:
            continue
        for a, b in _section(zone, y):
            ua, ub = (a - left) / width, (b - left) / width
            for k in range(3):
                thirds[k] += max(0.0, min(ub, (k + 1) / 3) - max(ua, k / 3))
    if thirds.sum() <= 0:
        return MIDDLE
    shares = thirds / thirds.sum()
    medial, middle, lateral = (bool(s >= _SHARE) for s in shares)
    if medial and lateral:
        return "across the whole width of the sole"
    if medial and middle:
        return f"from the middle {MEDIAL}"
    if lateral and middle:
        return f"from the middle {LATERAL}"
    if medial:
        return MEDIAL
    if lateral:
        return LATERAL
    return MIDDLE


def _along(
    y: float, extent: tuple[float, float], lines: dict[str, float], bottom: float, top: float
) -> tuple[str, str | None]:
    """(band, words) for a zone whose inner point is at ``y`` and which spans ``extent`` in y.

    The band is toes, ball, upper arch, lower arch or heel. The words say "just below the toes",
    "at the front of the heel" and the like when the point is near the band's edge and the zone
    is compact; a zone filling most of its band gets the band's plain words. For the toes the
    words are ``"base"`` (near the base of the toes) or ``None``, and the caller names the toes.
    """
    pelvic, waist, diaphragm, shoulder = (lines[name] for name in GUIDE_LINES)
    on_line = _ON_LINE * (top - bottom)
    if abs(y - diaphragm) <= on_line:
        return "ball", "where the ball of the foot meets the arch"
    if abs(y - waist) <= on_line:
        return "lower arch" if y < waist else "upper arch", "halfway along the arch"
    if abs(y - pelvic) <= on_line:
        return "heel" if y < pelvic else "lower arch", "where the arch meets the heel"

    def near(edge: float, lo: float, hi: float) -> bool:
        filled = (min(extent[1], hi) - max(extent[0], lo)) / (hi - lo)
        return filled < _FILLED and abs(y - edge) <= _NEAR * (hi - lo)

    if y >= shoulder:
        return "toes", "base" if near(shoulder, shoulder, top) else None
    if y >= diaphragm:
        if near(shoulder, diaphragm, shoulder):
            return "ball", "on the ball of the foot, just below the toes"
        if near(diaphragm, diaphragm, shoulder):
            return "ball", "on the lower edge of the ball of the foot"
        return "ball", "on the ball of the foot"
    if y >= waist:
        if near(waist, waist, diaphragm):
            return "upper arch", "in the upper arch, just above the halfway point of the arch"
        return "upper arch", "in the upper arch, just below the ball of the foot"
    if y >= pelvic:
        if near(waist, pelvic, waist):
            return "lower arch", "in the lower arch, just below the halfway point of the arch"
        if near(pelvic, pelvic, waist):
            return "lower arch", "in the lower arch, just in front of the heel"
        return "lower arch", "in the lower arch"
    if near(pelvic, bottom, pelvic):
        return "heel", "at the front of the heel"
    if near(bottom, bottom, pelvic):
        return "heel", "at the back of the heel"
    return "heel", "on the heel"


def landmarks(chart: Chart, zone_id: str, foot: str, view: str | None = None) -> str:
    """Where a zone is on a foot, in words a layperson can follow on their own foot.

    On the sole: "On the right foot: in the upper arch, just below the ball of the foot, from the
    middle toward the little-toe side (outer edge)." Along the foot the zone's
    :meth:`Chart.inner_point` is placed between the guide lines (or fractions of the foot length
    when the chart has none); across it, the share of the zone in the inner, middle and outer third
    of the sole's width, row by row; on the toes, the toes it covers when the outline has separate
    toes. The top of the foot (``dorsal``) is described the same way, as seen from above; the sides
    (``medial``, ``lateral``) by :func:`_side_landmarks`. ``view`` defaults to the chart's
    :attr:`~Chart.home_view`. Raises ``KeyError`` when the zone is not on that foot.
    """
    view = view or chart.home_view
    if view in SIDE_VIEWS:
        return _side_landmarks(chart, zone_id, foot, view)
    point = chart.inner_point(zone_id, foot, view)
    outline = chart.outline(foot, view)
    zone = chart.zone(zone_id, foot, view).geometry
    _, bottom, _, top = outline.bounds
    lines = guide_lines(chart, foot, view)
    _, zone_bottom, _, zone_top = zone.bounds
    band, where = _along(point.y, (zone_bottom, zone_top), lines, bottom, top)
    on = f"On the {foot} foot" if view != "dorsal" else f"On top of the {foot} foot"
    if band == "toes":
        toes = _toe_phrase(zone, outline, lines["shoulder line"], point.x, where == "base")
        if toes is not None:
            return f"{on}: {toes}."
        where = "at the base of the toes" if where == "base" else "on the toes"
    across = _across(zone, outline)
    if view == "dorsal":
        where = (
            _TOP_ON_DIAPHRAGM
            if "meets the arch" in where
            else _TOP_BEHIND_BALL
            if "just below the ball" in where
            else _TOP_WORDS.get(band, where)
        )
        across = across.replace("of the sole", "of the foot")
    return f"{on}: {where}, {across}."


SIDE_VIEWS = ("medial", "lateral")
# The sole's bands as seen from above: the heel and the back of the arch are under the ankle there.
_TOP_WORDS = {
    "ball": "over the ball of the foot",
    "upper arch": "on the middle of the instep, over the arch",
    "lower arch": "across the front of the ankle, where the foot meets the leg",
    "heel": "across the front of the ankle, where the foot meets the leg",
}
_TOP_ON_DIAPHRAGM = "over the line where the ball of the foot meets the arch"
_TOP_BEHIND_BALL = "just behind the ball of the foot"
# Along a side, heel to toes: (inner side, outer side).
_SIDE_ALONG = {
    "heel": ("on the heel", "on the heel"),
    "lower arch": ("under the arch", "halfway along the foot"),
    "ball": (
        "beside the ball of the foot, below the big toe",
        "beside the ball of the foot, below the little toe",
    ),
    "toes": ("along the big toe", "along the little toe"),
}


def _side_landmarks(chart: Chart, zone_id: str, foot: str, view: str) -> str:
    """Where a zone is on the inner or outer side of a foot: from the ankle bone when the chart
    draws it (a ring on that side), along the foot from the heel to the toes, and how high up.

    "On the inner side of the left foot: on the side of the heel, below and behind the ankle bone."
    """
    point = chart.inner_point(zone_id, foot, view)
    outline = chart.outline(foot, view)
    minx, bottom, maxx, top = outline.bounds
    # along a side, x runs from the back of the heel as y does on the sole: the sole's guide lines
    # (or their usual fractions) mark the same places
    try:
        lines = guide_lines(chart, foot, "plantar")
    except KeyError:  # a chart without the soles (a for_view chart): the usual fractions
        lines = {name: minx + f * (maxx - minx) for name, f in FALLBACK_FRACTIONS.items()}
    pelvic, _, diaphragm, shoulder = (lines[name] for name in GUIDE_LINES)
    band = (
        "heel"
        if point.x < pelvic
        else "lower arch"
        if point.x < diaphragm
        else "ball"
        if point.x < shoulder
        else "toes"
    )
    inner = view == "medial"
    along = _SIDE_ALONG[band][0 if inner else 1]
    side = "inner" if inner else "outer"
    on = f"On the {side} side of the {foot} foot"
    ankle = _ankle_bone(chart, foot, view)
    if ankle is None:
        height = (point.y - bottom) / ((top - bottom) or 1)
        level = (
            "near the sole" if height < 0.2 else "halfway up the side" if height < 0.5 else "high on the side"
        )
        return f"{on}: {along}, {level}."
    ax, ay, r = ankle
    if point.y < 0.3 * (ay - bottom) + bottom:
        return f"{on}: along the edge of the sole, {along}."
    if point.y > ay + 1.5 * r:
        where = (
            "above and behind the ankle bone, up the back of the leg"
            if point.x < ax
            else ("above and in front of the ankle bone, up the front of the leg")
        )
    elif point.y >= ay - 1.5 * r:
        where = (
            "behind the ankle bone, toward the heel cord"
            if point.x < ax
            else ("in front of the ankle bone, where the foot meets the leg")
        )
    elif point.x < ax - r:
        where = "on the side of the heel, below and behind the ankle bone"
    elif point.x > ax + r:
        where = f"below and in front of the ankle bone, {along}"
    else:
        where = "just below the ankle bone"
    return f"{on}: {where}."


def _ankle_bone(chart: Chart, foot: str, view: str) -> tuple[float, float, float] | None:
    """(x, y, radius) of the ankle bone drawn on this side (a ring among the guide lines), if any."""
    overlays = chart.overlays
    mine = overlays[
        (overlays["kind"] == "guide_line") & (overlays["foot"] == foot) & (overlays["view"] == view)
    ]
    for geometry in mine["geometry"]:
        if getattr(geometry, "is_ring", False):
            minx, miny, maxx, maxy = geometry.bounds
            return (minx + maxx) / 2, (miny + maxy) / 2, max(maxx - minx, maxy - miny) / 2
    return None


def _technique_summary(chart: Chart, zone_id: str, foot: str, view: str) -> str:
    t = chart.zone(zone_id, foot, view).technique
    method = t.method[:1].upper() + t.method[1:]
    return f"{method}. Pressure: {t.pressure}. How long: {t.duration}."


def find_my_point(chart: Chart, body_area: str) -> list[PointAdvice]:
    """Where to press for a body area: one :class:`PointAdvice` per matching zone and foot.

    Uses :meth:`Chart.find` on every view of the chart (so everyday words like "lower back"
    work, and the hip on the outer side is found), best match first; a zone on both feet comes
    once per foot, left first. Empty when nothing matches.
    """
    found = chart.find(body_area, view=None)
    advice: list[PointAdvice] = []
    seen: set[tuple[str, str, str]] = set()
    for row in found.itertuples():
        key = (row.zone_id, row.foot, row.view)
        if key in seen:
            continue
        seen.add(key)
        advice.append(
            PointAdvice(
                zone_id=row.zone_id,
                foot=row.foot,
                name=row.name,
                landmarks=landmarks(chart, row.zone_id, row.foot, row.view),
                technique=_technique_summary(chart, row.zone_id, row.foot, row.view),
                caveats=tuple(row.caveats),
            )
        )
    return advice


def body_area_choices(chart: Chart) -> list[str]:
    """Every body area named by the chart's zones, once each, sorted (for a picker)."""
    areas = {area for areas in chart.zones["body_areas"] for area in areas}
    return sorted(areas, key=lambda a: (a.casefold(), a))


__all__ = [
    "CHILD",
    "GO_AHEAD",
    "PREGNANT",
    "SCREENING_INTRO",
    "PointAdvice",
    "Question",
    "StepPace",
    "Verdict",
    "body_area_choices",
    "evaluate",
    "find_my_point",
    "guide_lines",
    "landmarks",
    "routine_screening",
    "screening_questions",
    "step_pace",
]
