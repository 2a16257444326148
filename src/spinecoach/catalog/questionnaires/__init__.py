"""The questionnaires shipped as data files, and the licensed wording a clinic may load.

Each file is validated on load against the domain model and against the scoring code (ten ODI
sections scored 0-5; nine STarT Back items with the answer codes the scoring knows), so a bad file
fails with its name and the problem, never later in a form.
"""

from functools import cache
from pathlib import Path

from spinecoach.catalog import CatalogError, parse, read_yaml
from spinecoach.domain.errors import DomainError
from spinecoach.domain.odi import LEVEL_MAX, SECTIONS
from spinecoach.domain.questionnaires import (
    INSTRUMENTS,
    Instrument,
    LicensedTexts,
    Questionnaire,
    with_licensed_wording,
)
from spinecoach.domain.startback import AGREE_ITEMS, Bother

HERE = Path(__file__).parent
Forms = dict[Instrument, Questionnaire]

EXPECTED_CODES: dict[Instrument, list[list[str]]] = {
    "odi": [[str(level) for level in range(LEVEL_MAX + 1)]] * SECTIONS,
    "startback": [["disagree", "agree"]] * AGREE_ITEMS + [[b.value for b in Bother]],
}


def load_form(path: Path) -> Questionnaire:
    form = parse(Questionnaire, read_yaml(path), str(path))
    if form.id != path.stem:
        raise CatalogError(f"{path}: id {form.id!r} must match the file name {path.stem!r}")
    codes = [[o.code for o in item.options] for item in form.items]
    if codes != EXPECTED_CODES[form.id]:
        raise CatalogError(
            f"{path}: the items and answer codes do not match what the {form.id} scoring expects: "
            f"{EXPECTED_CODES[form.id]}"
        )
    return form


def load_licensed_texts(path: Path) -> LicensedTexts:
    if not path.is_file():
        raise CatalogError(f"questionnaire_texts: {path} is not a file")
    return parse(LicensedTexts, read_yaml(path), str(path))


def load_questionnaires(texts_file: Path | None = None, folder: Path = HERE) -> Forms:
    """The shipped forms, with a clinic's licensed wording put in where the file gives it."""
    forms: Forms = {instrument: load_form(folder / f"{instrument}.yaml") for instrument in INSTRUMENTS}
    if texts_file is None:
        return forms
    licensed = load_licensed_texts(texts_file)
    for instrument in INSTRUMENTS:
        given = licensed.form(instrument)
        if given is not None:
            try:
                forms[instrument] = with_licensed_wording(forms[instrument], given)
            except DomainError as exc:
                raise CatalogError(f"{texts_file}: {exc}") from None
    return forms


@cache
def questionnaires(texts_file: Path | None = None) -> Forms:
    """Read once per process for each texts file."""
    return load_questionnaires(texts_file)
