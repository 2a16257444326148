"""A patient's record as a FHIR R4 Bundle: Patient, the Questionnaires, QuestionnaireResponses and
Observations with LOINC codes, each score linked to its response by `derivedFrom`.

LOINC (CLINICAL.md): pain NRS 72514-3; ODI panel 97908-8 and score 97909-6; STarT Back panel
91349-1, total 91351-7, psychosocial subscore 91350-9, risk 91352-5 (answers High LA9193-9,
Medium LA8982-6, Low LA9194-7). docs/outcomes.md has the whole mapping.
"""

import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from spinecoach.catalog.questionnaires import Forms
from spinecoach.domain.questionnaires import Questionnaire
from spinecoach.services.exports import PatientRecord
from spinecoach.services.outcomes import AnsweredQuestionnaire

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
QUESTIONNAIRE_URL = "urn:spinecoach:questionnaire:{}"
NRS = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
ODI_PANEL = ("97908-8", "Oswestry Disability Index 2.1a panel")
ODI_SCORE = ("97909-6", "Oswestry Disability Index score")
SBT_PANEL = ("91349-1", "Keele STarT Back Screening Tool panel")
SBT_TOTAL = ("91351-7", "Keele STarT Back total score")
SBT_SUBSCORE = ("91350-9", "Keele STarT Back psychosocial subscore")
SBT_RISK = ("91352-5", "Keele STarT Back risk")
RISK_ANSWERS = {"high": ("LA9193-9", "High"), "medium": ("LA8982-6", "Medium"), "low": ("LA9194-7", "Low")}
NAMESPACE = uuid.UUID(
    "5d1b8e3a-7f65-4c1e-9d0f-2a6b3c4d5e6f"
)  # makes the ids stable from one export to the next


def ref(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def code(pair: tuple[str, str]) -> dict[str, Any]:
    return {"coding": [{"system": LOINC, "code": pair[0], "display": pair[1]}], "text": pair[1]}


def fhir_bundle(record: PatientRecord, forms: Forms) -> dict[str, Any]:
    """A `collection` Bundle; references between its entries are the entries' `urn:uuid` fullUrls."""
    patient = ref(f"patient-{record.patient_id}")
    entries = [_entry(patient, _patient(record))]
    entries += [_entry(ref(f"questionnaire-{f.id}"), _questionnaire(f)) for f in forms.values()]
    for response in record.responses:
        qr = ref(f"response-{response.id}")
        entries.append(_entry(qr, _response(response, patient, forms[response.instrument])))
        entries += _scores(response, patient, qr)
    for n, pain in enumerate(record.pain):
        entries.append(_entry(ref(f"pain-{record.patient_id}-{n}"), _pain(pain, patient)))
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": record.generated_at.isoformat(),
        "entry": entries,
    }


def _entry(full_url: str, resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": full_url, "resource": resource}


def _patient(record: PatientRecord) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "identifier": [{"system": "urn:spinecoach:patient", "value": str(record.patient_id)}],
        "name": [{"text": record.name}],
        "telecom": [{"system": "email", "value": record.email}],
    }


def _questionnaire(form: Questionnaire) -> dict[str, Any]:
    return {
        "resourceType": "Questionnaire",
        "url": QUESTIONNAIRE_URL.format(form.id),
        "version": form.version,
        "title": form.title.en,
        "status": "active",
        "code": [{"system": LOINC, "code": form.loinc_panel}],
        "description": f"{form.notice.en} Wording: {form.wording_source}.",
        "item": [
            {
                "linkId": item.id,
                "text": item.text.en,
                "type": "choice",
                "required": form.id == "startback",
                "answerOption": [
                    {
                        "valueCoding": {"code": o.code, "display": o.text.en},
                        "extension": [{"url": ORDINAL, "valueDecimal": o.score}],
                    }
                    for o in item.options
                ],
            }
            for item in form.items
        ],
    }


def _response(response: AnsweredQuestionnaire, patient: str, form: Questionnaire) -> dict[str, Any]:
    displays = {item.id: {o.code: o.text.en for o in item.options} for item in form.items}
    items = []
    for link_id, given in response.answers.items():
        if given is None or given == []:
            continue  # an unanswered ODI section
        answer = str(max(given)) if isinstance(given, list) else str(given)  # two marks: the higher counts
        coding = {"code": answer, "display": displays[link_id].get(answer, answer)}
        items.append({"linkId": link_id, "answer": [{"valueCoding": coding}]})
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": QUESTIONNAIRE_URL.format(response.instrument),
        "status": "completed",
        "subject": {"reference": patient},
        "authored": response.answered_at.isoformat(),
        "item": items,
    }


def _observation(
    pair: tuple[str, str], patient: str, when: str, derived: str | None, value: dict[str, Any]
) -> dict[str, Any]:
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [SURVEY],
        "code": code(pair),
        "subject": {"reference": patient},
        "effectiveDateTime": when,
        **value,
    }
    if derived is not None:
        observation["derivedFrom"] = [{"reference": derived}]
    return observation


def _scores(response: AnsweredQuestionnaire, patient: str, qr: str) -> list[dict[str, Any]]:
    when, key = response.answered_at.isoformat(), f"response-{response.id}"
    score = response.score()
    members: list[tuple[tuple[str, str], dict[str, Any], str]]
    if response.instrument == "odi":
        # FHIR decimals are finite: the exact percent (kept in the database) is given to 2 places
        percent = (Decimal(response.points * 100) / Decimal(response.maximum)).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        value: dict[str, Any] = {
            "valueQuantity": {"value": float(percent), "unit": "%", "system": UCUM, "code": "%"}
        }
        members = [(ODI_SCORE, value, f"{key}-score")]
        panel, note = ODI_PANEL, f"band: {score['band']}; {score['answered']} of 10 sections answered"
    else:
        risk = RISK_ANSWERS[str(score["risk"])]
        members = [
            (SBT_TOTAL, {"valueInteger": score["total"]}, f"{key}-total"),
            (SBT_SUBSCORE, {"valueInteger": score["psychosocial"]}, f"{key}-subscore"),
            (
                SBT_RISK,
                {
                    "valueCodeableConcept": {
                        "coding": [{"system": LOINC, "code": risk[0], "display": risk[1]}]
                    }
                },
                f"{key}-risk",
            ),
        ]
        panel, note = SBT_PANEL, f"risk: {score['risk']}"
    entries = [_entry(ref(k), _observation(pair, patient, when, qr, v)) for pair, v, k in members]
    panel_obs = _observation(panel, patient, when, qr, {"note": [{"text": note}]})
    panel_obs["hasMember"] = [{"reference": e["fullUrl"]} for e in entries]
    return [*entries, _entry(ref(f"{key}-panel"), panel_obs)]


def _pain(pain: dict[str, Any], patient: str) -> dict[str, Any]:
    return _observation(
        NRS,
        patient,
        pain["at"],
        None,
        {
            "valueInteger": pain["score"],
            "component": [{"code": {"text": "how far the pain reaches"}, "valueString": pain["reach"]}],
        },
    )
