"""How the zones of the top and the sides of the foot were drawn (kept as their record).

``python tools/draw_view_zones.py`` writes ``reflexmap/zones/{left,right}_{dorsal,medial,lateral}.geojson``
from the reference outlines (``assets/foot_outlines``, see make_outlines.py for the frames). After
that the GeoJSON files are the chart: edit them, not this script, unless you redraw a view whole.

Placement follows the mainstream Western charts (Ingham; Kunz & Kunz; Byers): see each zone's notes
for where schools differ. Landmarks used on the side views, in mm (x from the back of the heel, y
up from the floor): the inner ankle bone's centre about (58, 78), the outer one lower and further
back, about (50, 64); the back-bottom corner of the heel about (8, 8); the big-toe joint at
x = 190-200; the bump of the fifth metatarsal's base at x = 118 (the sole's waist line).
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import LineString, Point, Polygon, box, mapping
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parent.parent
OUTLINES = ROOT / "assets" / "foot_outlines"
ZONES = ROOT / "reflexmap" / "zones"
FEET = ("left", "right")
INSET = 0.4  # mm kept inside the outline, so rounding never pushes a zone out


def outline(view: str) -> Polygon:
    doc = json.loads((OUTLINES / f"left_{view}.geojson").read_text(encoding="utf-8"))
    return shapely.geometry.shape(doc["features"][0]["geometry"])


def floor_at(shape: Polygon, x: float) -> float:
    """The lowest point of a side outline at x: the sole's edge as the side view shows it."""
    cut = shape.intersection(LineString([(x, -1), (x, 500)]))
    return cut.bounds[1]


def back_at(shape: Polygon, y: float) -> float:
    """The back edge (heel, Achilles tendon) of a side outline at height y."""
    cut = shape.intersection(LineString([(-1, y), (500, y)]))
    return cut.bounds[0]


def along_sole(shape: Polygon, x0: float, x1: float, low: float, high: float) -> Polygon:
    """A band following the sole's edge on a side view, from ``low`` to ``high`` mm above it."""
    xs = [x0 + (x1 - x0) * i / 24 for i in range(25)]
    bottom = [(x, floor_at(shape, x) + low) for x in xs]
    top = [(x, floor_at(shape, x) + high) for x in reversed(xs)]
    return Polygon(bottom + top)


def behind_ankle(shape: Polygon, y0: float, y1: float, width: float) -> Polygon:
    """A strip along the back of the heel and the Achilles tendon, ``width`` mm deep."""
    ys = [y0 + (y1 - y0) * i / 16 for i in range(17)]
    back = [(back_at(shape, y) - 1, y) for y in ys]
    front = [(back_at(shape, y) + width, y) for y in reversed(ys)]
    return Polygon(back + front)


# --- the zones: geometry ------------------------------------------------------------------------


def dorsal_shapes(foot: Polygon) -> dict[str, BaseGeometry]:
    clefts = (33.5, 49.5, 63.5, 77.5)  # between the toes' bases, x from the medial edge
    webs = shapely.union_all([box(c - 5.5, 186, c + 5.5, 204) for c in clefts])
    jaw_teeth = box(0, 204, 200, 300)
    shapes = {
        "face": box(0, 229, 33.5, 300),
        "jaw": box(0, 204, 33.5, 229),
        "teeth": box(34, 204, 200, 300),
        "upper-lymphatics": webs,
        "throat-bronchi": box(0, 160, 28, 204).difference(webs),
        "chest-lungs": box(28, 150, 83, 204).difference(webs).difference(jaw_teeth),
        "shoulder": box(83, 150, 200, 204).difference(webs),
        "diaphragm": box(0, 139, 200, 150),
        "fallopian-tube": box(0, 90, 200, 100),
        "groin-lymph": box(0, 78, 200, 90),
    }
    return shapes


def medial_shapes(foot: Polygon) -> dict[str, BaseGeometry]:
    return {
        "cervical-spine": along_sole(foot, 196, 232, 1, 13),
        "thoracic-spine": along_sole(foot, 146, 196, 1, 13),
        "lumbar-spine": along_sole(foot, 96, 146, 1, 13),
        "sacrum": along_sole(foot, 46, 96, 1, 13),
        "coccyx": along_sole(foot, 3, 46, 1, 13),
        "bladder": Point(71, 30).buffer(9, quad_segs=8),
        "uterus-prostate": Point(33, 44).buffer(8.5, quad_segs=8),
        "rectum": behind_ankle(foot, 50, 88, 11),
        "sciatic-nerve": behind_ankle(foot, 88, 126, 11),
        "groin-lymph": Polygon([(70, 66), (80, 60), (104, 90), (104, 120), (90, 120)]),
    }


def lateral_shapes(foot: Polygon) -> dict[str, BaseGeometry]:
    return {
        "ovary-testis": Point(29, 36).buffer(8.5, quad_segs=8),
        "hip": along_sole(foot, 46, 92, 1, 17),
        "knee-leg": along_sole(foot, 92, 134, 1, 20),
        "arm-elbow": along_sole(foot, 134, 186, 1, 15),
        "shoulder": along_sole(foot, 186, 218, 1, 15),
        "lower-back": behind_ankle(foot, 48, 86, 11),
        "sciatic-nerve": behind_ankle(foot, 86, 126, 11),
        "groin-lymph": Polygon([(64, 62), (76, 56), (104, 88), (104, 120), (90, 120)]),
    }


SHAPES = {"dorsal": dorsal_shapes, "medial": medial_shapes, "lateral": lateral_shapes}


# --- the zones: text ----------------------------------------------------------------------------


def technique(method: str, how: str, direction: str, pressure: str, duration: str) -> dict[str, str]:
    return {"method": method, "how": how, "direction": direction, "pressure": pressure, "duration": duration}


DOCTOR_TEETH = (
    "Toothache, a swollen jaw or a face that droops needs a dentist or a doctor, not a foot massage."
)
PREGNANCY_PELVIS = (
    "In pregnancy, keep to light stroking around the ankles and heel; many schools avoid firm work "
    "here altogether."
)
THIN_SKIN = "The top of the foot has little padding over the bones: press gently, never into a bone."
ANKLE_VEINS = "Work around, never over, swollen, hot or painful veins at the ankle."


# Zones both sides have, told for the ``side`` ("inner" or "outer") they are on.


def midway_spot(side: str) -> dict[str, str]:
    """The hook-in technique on the spot between the ankle bone and the heel's corner."""
    return technique(
        "hook in and back up",
        f"Find the spot midway between the {side} ankle bone and the back-bottom corner of the "
        "heel; press with the thumb and pull back across it.",
        "on the point",
        "light",
        "3 presses",
    )


def up_the_groove(side: str, pressure: str, duration: str) -> dict[str, str]:
    """Finger walking up the groove between the ankle bone and the Achilles tendon."""
    return technique(
        "finger walking",
        f"Walk up the groove between the {side} ankle bone and the Achilles tendon.",
        "from the heel up the back of the ankle",
        pressure,
        duration,
    )


def sciatic_nerve(side: str, how: str) -> dict:
    """The sciatic band's end behind the ankle; ``how`` says where the walk starts."""
    return {
        "name": f"Sciatic nerve (behind the {side} ankle)",
        "system": "nervous",
        "body_areas": ["sciatic nerve", "back of the leg"],
        "technique": technique(
            "finger walking",
            f"Walk up beside the Achilles tendon {how}, a hand's width up the leg.",
            "from the heel up the back of the leg",
            "light to moderate",
            "3 passes",
        ),
        "caveats": [
            ANKLE_VEINS,
            "Sciatica with weakness, numbness or bladder problems needs a doctor urgently.",
        ],
        "notes": "The sciatic band across the heel continues up the back of both ankles in most "
        "charts; schools differ in how far up the leg they draw it.",
        "keywords": ["sciatica", "leg pain", "back of the leg"],
    }


def groin_lymph(side: str, notes_end: str) -> dict:
    """One end of the band across the front of the ankle; ``notes_end`` finishes its notes."""
    return {
        "name": f"Groin lymph and fallopian tube ({side} ankle)",
        "system": "lymphatic",
        "body_areas": ["lymph nodes of the groin", "fallopian tubes", "vas deferens"],
        "technique": technique(
            "finger walking",
            f"Walk from in front of the {side} ankle bone up over the ankle's front crease.",
            "from the ankle bone toward the top of the foot",
            "light",
            "2-3 passes",
        ),
        "caveats": [ANKLE_VEINS, PREGNANCY_PELVIS],
        "notes": f"The {side} end of the band that crosses the front of the ankle from one ankle "
        f"bone to the other{notes_end}",
        "keywords": ["lymph", "groin", "fallopian tubes", "vas deferens"],
    }


TEXT: dict[str, dict[str, dict]] = {
    "dorsal": {
        "face": {
            "name": "Face",
            "system": "sensory",
            "body_areas": ["face", "forehead", "facial skin"],
            "technique": technique(
                "finger walking",
                "Walk the index finger over the top of the big toe from the nail toward its base.",
                "from the nail down toward the base of the toe",
                "light",
                "2-3 passes",
            ),
            "caveats": [DOCTOR_TEETH],
            "notes": "Ingham-style charts give the top of the big toe to the face; some draw the "
            "face on the tops of all the toes.",
            "keywords": ["face", "forehead", "skin"],
        },
        "jaw": {
            "name": "Jaw and gums",
            "system": "musculoskeletal",
            "body_areas": ["upper jaw", "lower jaw", "gums", "jaw joint"],
            "technique": technique(
                "finger walking",
                "Walk across the top of the big toe below the nail, one row for the upper jaw and one "
                "nearer the base for the lower jaw.",
                "across the toe, medial to lateral",
                "light",
                "2 passes",
            ),
            "caveats": [DOCTOR_TEETH],
            "notes": "Kunz & Kunz draw the upper jaw just below the nail and the lower jaw just above "
            "the toe's joint; other charts show one band for both.",
            "keywords": ["jaw", "gums", "jaw joint", "clenching"],
        },
        "teeth": {
            "name": "Teeth",
            "system": "digestive",
            "body_areas": ["teeth", "mouth"],
            "technique": technique(
                "finger walking",
                "Walk down the top of each small toe in turn, nail to base.",
                "from the tip of each toe down toward its base",
                "light",
                "1-2 passes per toe",
            ),
            "caveats": [DOCTOR_TEETH],
            "notes": "Charts spread the teeth over the fronts of the toes; some assign groups of teeth "
            "to single toes, and the schools do not agree which.",
            "keywords": ["teeth", "tooth", "mouth", "dental"],
        },
        "upper-lymphatics": {
            "name": "Upper lymphatics",
            "system": "lymphatic",
            "body_areas": [
                "lymph nodes of the neck",
                "lymph nodes of the armpit",
                "lymph vessels of the chest",
            ],
            "technique": technique(
                "finger walking",
                "Walk the index finger down each web between the toes' bases, then pinch the web "
                "gently between finger and thumb.",
                "from the web toward the ankle, one web at a time",
                "light",
                "2-3 passes per web",
            ),
            "caveats": [
                "Swollen, hard or painful lymph nodes, with or without fever, need a doctor; do not "
                "massage the feet during a feverish illness."
            ],
            "notes": "Most charts draw these in the webs between the toes' bases on the top of the "
            "foot; some continue them a little way down the grooves between the metatarsals.",
            "keywords": ["lymph", "glands", "neck glands", "armpit"],
        },
        "throat-bronchi": {
            "name": "Throat and upper airways",
            "system": "respiratory",
            "body_areas": ["throat", "windpipe", "bronchi", "vocal cords"],
            "technique": technique(
                "finger walking",
                "Walk along the top of the first metatarsal toward the big toe, beside its tendon.",
                "from the middle of the foot toward the big toe",
                "light",
                "2-3 passes",
            ),
            "caveats": [
                "A sore throat that lasts, hoarseness over three weeks or trouble swallowing needs a doctor."
            ],
            "notes": "Kunz & Kunz put the throat and bronchi on the top of the foot behind the big "
            "toe; other charts keep them between the first and second toes only.",
            "keywords": ["throat", "voice", "cough", "windpipe"],
        },
        "chest-lungs": {
            "name": "Chest, breast and lungs",
            "system": "respiratory",
            "body_areas": ["chest", "breasts", "lungs", "upper back"],
            "technique": technique(
                "finger walking",
                "Walk the fingers in the grooves between the metatarsals, from the toes toward the ankle.",
                "from the toes' bases toward the ankle, groove by groove",
                "light to moderate",
                "2-3 passes per groove",
            ),
            "caveats": [
                THIN_SKIN,
                "A lump in the breast, chest pain or breathlessness needs a doctor.",
            ],
            "notes": "Charts agree on the top of the forefoot; some add the upper back here as the "
            "back of the chest, which the sole's lungs area also covers.",
            "keywords": ["chest", "breast", "lungs", "breathing"],
        },
        "shoulder": {
            "name": "Shoulder (top of the foot)",
            "system": "musculoskeletal",
            "body_areas": ["shoulder", "shoulder joint", "collarbone"],
            "technique": technique(
                "finger walking",
                "Walk over the top of the foot behind the little toe, toward the outer edge.",
                "from the fifth toe's base toward the ankle",
                "light to moderate",
                "2-3 passes",
            ),
            "caveats": [THIN_SKIN],
            "notes": "The shoulder reflex wraps around the outer edge of the foot at the fifth toe's "
            "joint: sole, side and top; charts differ in how far onto the top it reaches.",
            "keywords": ["shoulder", "frozen shoulder", "collarbone"],
        },
        "diaphragm": {
            "name": "Diaphragm (top of the foot)",
            "system": "respiratory",
            "body_areas": ["diaphragm", "breathing muscles"],
            "technique": technique(
                "finger walking",
                "Walk across the top of the foot just behind the forefoot, one finger width at a time.",
                "across the foot, medial to lateral",
                "light",
                "2 passes",
            ),
            "caveats": [THIN_SKIN],
            "notes": "Some charts draw the diaphragm across the top at the level of the metatarsal "
            "heads, nearer the toes; others only on the sole, along the diaphragm line.",
            "keywords": ["diaphragm", "breathing", "relaxation"],
        },
        "fallopian-tube": {
            "name": "Fallopian tubes or vas deferens",
            "system": "reproductive",
            "body_areas": ["fallopian tubes", "vas deferens", "seminal vesicles"],
            "technique": technique(
                "finger walking",
                "Walk both index fingers across the front of the ankle, from each ankle bone to the middle.",
                "from the ankle bones toward the middle of the front of the ankle",
                "light",
                "2-3 passes",
            ),
            "caveats": [PREGNANCY_PELVIS, ANKLE_VEINS],
            "notes": "Charts draw it as a band across the front of the ankle joining the two ankle "
            "bones, the ovary or testis on the outer side and the uterus or prostate on the inner "
            "side; many draw it over the groin lymph as one band.",
            "keywords": ["fallopian tubes", "vas deferens", "fertility"],
        },
        "groin-lymph": {
            "name": "Groin and pelvic lymph nodes",
            "system": "lymphatic",
            "body_areas": ["lymph nodes of the groin", "lymph vessels of the pelvis"],
            "technique": technique(
                "finger walking",
                "Walk across the crease at the front of the ankle, from one ankle bone to the other.",
                "from ankle bone to ankle bone, then back",
                "light",
                "2-3 passes",
            ),
            "caveats": [
                ANKLE_VEINS,
                "Swollen lymph nodes in the groin, or a leg that swells, need a doctor.",
            ],
            "notes": "Drawn as a band across the front of the ankle, from one ankle bone to the "
            "other; many charts show it as one band with the fallopian tube or vas deferens.",
            "keywords": ["lymph", "groin", "glands", "swollen ankles"],
        },
    },
    "medial": {
        "cervical-spine": {
            "name": "Cervical spine (neck vertebrae)",
            "system": "musculoskeletal",
            "body_areas": ["neck vertebrae", "neck"],
            "technique": technique(
                "thumb walking",
                "Walk the thumb along the inner edge of the big toe, from its joint to below the nail.",
                "from the big-toe joint toward the tip",
                "light to moderate",
                "3 passes",
            ),
            "caveats": ["Neck pain after a fall, or with numbness in the arms, needs a doctor first."],
            "notes": "All mainstream charts run the spine along the inner edge; they differ on "
            "whether the neck starts at the big-toe joint or at the base of the toe's nail.",
            "keywords": ["neck", "stiff neck", "spine", "back"],
        },
        "thoracic-spine": {
            "name": "Thoracic spine (upper and mid back)",
            "system": "musculoskeletal",
            "body_areas": ["thoracic vertebrae", "upper back", "mid back"],
            "technique": technique(
                "thumb walking",
                "Walk the thumb along the inner edge of the first metatarsal, just above the sole.",
                "from the heel end toward the big-toe joint",
                "moderate",
                "3 passes",
            ),
            "caveats": [],
            "notes": "Along the first metatarsal in Ingham-style charts; the sole view shows the same "
            "vertebrae on the medial edge of the ball.",
            "keywords": ["upper back", "mid back", "spine", "back pain"],
        },
        "lumbar-spine": {
            "name": "Lumbar spine (lower back)",
            "system": "musculoskeletal",
            "body_areas": ["lumbar vertebrae", "lower back"],
            "technique": technique(
                "thumb walking",
                "Walk the thumb along the inner edge of the arch, following its curve.",
                "from the heel toward the toes",
                "moderate",
                "3 passes",
            ),
            "caveats": [
                "Back pain with weakness or numbness in a leg, or trouble passing water, needs a doctor now."
            ],
            "notes": "Charts agree on the arch's inner edge; some place the lumbar vertebrae a little "
            "higher, on the navicular bone's bump.",
            "keywords": ["lower back", "back pain", "lumbago", "spine"],
        },
        "sacrum": {
            "name": "Sacrum",
            "system": "musculoskeletal",
            "body_areas": ["sacrum", "sacroiliac joints", "lower back"],
            "technique": technique(
                "thumb walking",
                "Walk along the inner edge of the heel, where the arch meets it.",
                "from the back of the heel toward the arch",
                "firm (the heel skin is thick)",
                "3 passes",
            ),
            "caveats": [PREGNANCY_PELVIS],
            "notes": "Some charts join the sacrum and coccyx in one area over the inner heel.",
            "keywords": ["sacrum", "lower back", "sacroiliac"],
        },
        "coccyx": {
            "name": "Coccyx (tailbone)",
            "system": "musculoskeletal",
            "body_areas": ["coccyx", "tailbone"],
            "technique": technique(
                "thumb walking",
                "Walk around the back-bottom corner of the heel on its inner side, in short rows.",
                "from the heel's corner along its bottom edge",
                "firm",
                "3 passes",
            ),
            "caveats": [PREGNANCY_PELVIS],
            "notes": "Charts put the tailbone at the back corner of the heel; some wrap it around "
            "the back of the heel onto the outer side.",
            "keywords": ["tailbone", "coccyx", "sitting pain"],
        },
        "bladder": {
            "name": "Bladder (inner edge)",
            "system": "urinary",
            "body_areas": ["bladder"],
            "technique": technique(
                "thumb walking",
                "Walk over the soft, slightly puffy spot on the inner edge where the arch meets the heel.",
                "in a fan from the spot toward the ankle bone",
                "light",
                "3 passes",
            ),
            "caveats": ["Burning, blood in the urine or fever needs a doctor."],
            "notes": "Charts draw the bladder on the inner edge where the arch meets the heel, half "
            "on the sole and half on the side; some place it higher toward the ankle bone.",
            "keywords": ["bladder", "passing water", "urine"],
        },
        "uterus-prostate": {
            "name": "Uterus or prostate",
            "system": "reproductive",
            "body_areas": ["uterus", "prostate"],
            "technique": midway_spot("inner"),
            "caveats": [
                PREGNANCY_PELVIS,
                "Bleeding between periods or after the menopause, or trouble passing water, needs a doctor.",
            ],
            "notes": "Charts agree on the spot midway between the inner ankle bone and the heel's "
            "corner; some draw a larger area along the line between them.",
            "keywords": ["uterus", "womb", "prostate"],
        },
        "rectum": {
            "name": "Rectum (behind the inner ankle)",
            "system": "digestive",
            "body_areas": ["rectum", "anus"],
            "technique": up_the_groove("inner", "light", "2-3 passes"),
            "caveats": [ANKLE_VEINS, "Blood in the stool needs a doctor."],
            "notes": "Kunz & Kunz put the rectum and the sciatic nerve together behind the inner "
            "ankle bone; other charts draw the rectum on the left sole only, near the heel.",
            "keywords": ["rectum", "bowel", "piles"],
        },
        "sciatic-nerve": sciatic_nerve("inner", "from above the heel"),
        "groin-lymph": groin_lymph(
            "inner", "; charts differ on whether it starts in front of or below the bone."
        ),
    },
    "lateral": {
        "ovary-testis": {
            "name": "Ovary or testis",
            "system": "reproductive",
            "body_areas": ["ovaries", "testes"],
            "technique": midway_spot("outer"),
            "caveats": [PREGNANCY_PELVIS, "Pain or swelling in the testes or pelvis needs a doctor."],
            "notes": "The mirror of the uterus or prostate spot on the inner side; charts agree on "
            "the point and differ on its size.",
            "keywords": ["ovary", "ovaries", "testes", "testicle"],
        },
        "hip": {
            "name": "Hip",
            "system": "musculoskeletal",
            "body_areas": ["hip joint", "thigh"],
            "technique": technique(
                "thumb walking",
                "Walk along the outer edge of the heel and the start of the arch, just above the sole.",
                "from the heel toward the toes",
                "moderate",
                "3 passes",
            ),
            "caveats": [],
            "notes": "Kunz & Kunz draw the hip below and in front of the outer ankle bone; Byers "
            "spreads hip, knee and leg as one strip along the outer edge.",
            "keywords": ["hip", "thigh", "hip pain"],
        },
        "knee-leg": {
            "name": "Knee and leg",
            "system": "musculoskeletal",
            "body_areas": ["knee", "lower leg", "elbow"],
            "technique": technique(
                "rotating on a point",
                "Rest the thumb in the hollow around the bump of the fifth metatarsal's base and "
                "rotate the foot around it.",
                "around the bump, then along the outer edge",
                "moderate",
                "5 slow rotations",
            ),
            "caveats": [],
            "notes": "Charts put the knee (and, as its mirror, the elbow) around the bump on the "
            "outer edge at the fifth metatarsal's base; some draw a triangle in front of the heel.",
            "keywords": ["knee", "knee pain", "leg", "elbow"],
        },
        "arm-elbow": {
            "name": "Arm",
            "system": "musculoskeletal",
            "body_areas": ["upper arm", "forearm", "elbow"],
            "technique": technique(
                "thumb walking",
                "Walk along the outer edge of the fifth metatarsal, just above the sole.",
                "from the bump toward the little toe",
                "moderate",
                "3 passes",
            ),
            "caveats": [],
            "notes": "Along the outer edge between the knee and the shoulder areas; some charts "
            "keep the arm on the sole's outer rim only.",
            "keywords": ["arm", "elbow", "tennis elbow"],
        },
        "shoulder": {
            "name": "Shoulder (outer edge)",
            "system": "musculoskeletal",
            "body_areas": ["shoulder", "shoulder joint"],
            "technique": technique(
                "rotating on a point",
                "Rest the thumb on the outer side of the little toe's joint and rotate the toe gently.",
                "on the point",
                "moderate",
                "5 slow rotations",
            ),
            "caveats": [],
            "notes": "The shoulder wraps around the little toe's joint onto the sole and the top; "
            "charts differ in how far along the edge it reaches.",
            "keywords": ["shoulder", "frozen shoulder"],
        },
        "lower-back": {
            "name": "Lower back (behind the outer ankle)",
            "system": "musculoskeletal",
            "body_areas": ["lower back", "buttocks"],
            "technique": up_the_groove("outer", "light to moderate", "3 passes"),
            "caveats": [ANKLE_VEINS],
            "notes": "Some charts give this groove to the lower back and buttocks, others to the "
            "hip or to the sciatic nerve alone.",
            "keywords": ["lower back", "back pain", "buttocks"],
        },
        "sciatic-nerve": sciatic_nerve("outer", "on the outer side"),
        "groin-lymph": groin_lymph("outer", "."),
    },
}


def features(view: str, foot: str) -> list[dict]:
    shape = outline(view)
    inside = shape.buffer(-INSET)
    out = []
    for zone_id, raw in SHAPES[view](shape).items():
        geom = shapely.set_precision(raw.intersection(inside), 0.1)
        if geom.geom_type == "GeometryCollection":
            geom = shapely.union_all([g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")])
        text = TEXT[view][zone_id]
        props = {"zone_id": zone_id, "foot": foot, "view": view}
        props.update({k: text[k] for k in ("name", "system", "body_areas", "technique", "caveats", "notes")})
        props["keywords"] = text["keywords"]
        geometry = json.loads(json.dumps(mapping(geom)))
        out.append({"type": "Feature", "properties": props, "geometry": geometry})
    return out


# The ankle bones, drawn as dashed rings on the side views: the landmarks a student finds first.
ANKLE_BONES = {"medial": ("inner ankle bone", (58, 78)), "lateral": ("outer ankle bone", (50, 64))}
ANKLE_BONE_RADIUS = 9.0


def landmarks() -> list[dict]:
    out = []
    for view, (name, centre) in ANKLE_BONES.items():
        circle = Point(centre).buffer(ANKLE_BONE_RADIUS, quad_segs=6)
        ring = LineString(shapely.set_precision(circle, 0.1).exterior.coords)
        for foot in FEET:
            props = {"kind": "guide_line", "name": name, "foot": foot, "view": view}
            out.append(
                {"type": "Feature", "properties": props, "geometry": json.loads(json.dumps(mapping(ring)))}
            )
    return out


def _write(path: Path, features: list[dict]) -> None:
    doc = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    for view in SHAPES:
        for foot in FEET:
            _write(ZONES / f"{foot}_{view}.geojson", features(view, foot))
    _write(ZONES / "side_landmarks.geojson", landmarks())


if __name__ == "__main__":
    main()
