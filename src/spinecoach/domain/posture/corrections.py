"""What the check says, in plain words, in English and Russian: a correction per fault, and what it
cannot see. Short enough to be spoken; never a judgement of the person."""

from spinecoach.domain.posture.landmarks import LEFT, RIGHT, Landmark
from spinecoach.domain.posture.targets import Fault
from spinecoach.domain.text import Text

CORRECTIONS: dict[Fault, Text] = {
    Fault.LEGS_NOT_VERTICAL: Text(
        en="Let your legs hang straight down to the floor.",
        ru="Пусть ноги свисают прямо вниз, к полу.",
    ),
    Fault.TORSO_PROPPED: Text(
        en="Lower your chest onto the table and let it carry you.",
        ru="Опустите грудь на стол и позвольте ему вас держать.",
    ),
    Fault.STANDING: Text(
        en="Shift your weight onto your hands and slowly lie down with your chest on the table.",
        ru="Перенесите вес на руки и медленно лягте грудью на стол.",
    ),
    Fault.HIPS_HIGH: Text(
        en="Lower your hips a little, until your back is level.",
        ru="Немного опустите таз, чтобы спина стала ровной.",
    ),
    Fault.HIPS_LOW: Text(
        en="Bring your hips up over your knees.",
        ru="Поднимите таз, чтобы он был над коленями.",
    ),
    Fault.HANDS_FORWARD: Text(
        en="Move your hands back, under your shoulders.",
        ru="Переставьте ладони назад, под плечи.",
    ),
    Fault.HEAD_RAISED: Text(
        en="Relax your neck and let your head hang down.",
        ru="Расслабьте шею и опустите голову.",
    ),
    Fault.KNEES_TOGETHER: Text(
        en="Move your knees apart, to the width of your shoulders.",
        ru="Расставьте колени на ширину плеч.",
    ),
    Fault.LUMBAR_SAG: Text(
        en="Keep your lower back neutral: no sag, no arch.",
        ru="Держите поясницу нейтрально: без прогиба и без выгиба.",
    ),
}

NO_PERSON = Text(
    en="I cannot see you. Step into the picture with your whole body in view.",
    ru="Я вас не вижу. Встаньте так, чтобы всё тело было в кадре.",
)
TURN_SIDEWAYS = Text(
    en="Turn sideways to the camera, or put the camera at your side.",
    ru="Повернитесь к камере боком или поставьте камеру сбоку от себя.",
)
OUT_OF_PICTURE = Text(
    en="Move so that your whole body is in the picture: I cannot see your {part}.",
    ru="Сдвиньтесь так, чтобы всё тело было в кадре: не видно {part}.",
)
HIDDEN = Text(
    en="I cannot see your {part} clearly. Turn sideways to the camera and check the light.",
    ru="Плохо видно {part}. Повернитесь к камере боком и проверьте освещение.",
)

# Body parts by landmark pair, in the grammatical form the sentences above need (Russian: genitive).
PARTS: dict[frozenset[Landmark], Text] = {
    frozenset({LEFT.shoulder, RIGHT.shoulder}): Text(en="shoulders", ru="плеч"),
    frozenset({LEFT.hip, RIGHT.hip}): Text(en="hips", ru="таза"),
    frozenset({LEFT.knee, RIGHT.knee}): Text(en="knees", ru="коленей"),
    frozenset({LEFT.ankle, RIGHT.ankle}): Text(en="feet", ru="стоп"),
    frozenset({LEFT.wrist, RIGHT.wrist}): Text(en="hands", ru="ладоней"),
    frozenset({LEFT.ear, RIGHT.ear}): Text(en="head", ru="головы"),
}


def part_name(landmarks: tuple[Landmark, ...]) -> Text:
    """A name for the body part of the first landmark that could not be seen."""
    for pair, name in PARTS.items():
        if landmarks and landmarks[0] in pair:
            return name
    return Text(en="body", ru="тела")


def unseen_hint(landmarks: tuple[Landmark, ...], out_of_picture: bool) -> Text:
    part = part_name(landmarks)
    template = OUT_OF_PICTURE if out_of_picture else HIDDEN
    return Text(en=template.en.format(part=part.en), ru=template.ru.format(part=part.ru))
