"""The questionnaire forms this server shows, for the API's routes and the pages alike.

A clinic may load its licensed texts (`questionnaire_texts`); a file that does not fit is a 503,
and nothing is stored.
"""

from typing import Annotated

from fastapi import Depends, HTTPException

from spinecoach.catalog import CatalogError
from spinecoach.catalog.questionnaires import Forms, questionnaires
from spinecoach.web.deps import SettingsDep


def get_forms(settings: SettingsDep) -> Forms:
    try:
        return questionnaires(settings.questionnaire_texts)
    except CatalogError as exc:  # a clinic's texts file that does not fit: say so, store nothing
        raise HTTPException(503, f"the questionnaire texts cannot be used: {exc}") from None


FormsDep = Annotated[Forms, Depends(get_forms)]
