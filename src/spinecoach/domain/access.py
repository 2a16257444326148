"""Access rules as pure functions. Each route names one of them; nothing else decides access.

A patient sees and writes only their own records; an instructor only their assigned patients'; an
admin manages accounts and reads no clinical data unless also that patient's instructor.
"""

from spinecoach.domain.accounts import Actor, PatientRef, Role


def is_own_record(actor: Actor, patient: PatientRef) -> bool:
    return actor.role == Role.PATIENT and actor.user_id == patient.user_id


def is_their_instructor(actor: Actor, patient: PatientRef) -> bool:
    return actor.role in (Role.INSTRUCTOR, Role.ADMIN) and actor.user_id == patient.instructor_id


def can_read_patient(actor: Actor, patient: PatientRef) -> bool:
    return is_own_record(actor, patient) or is_their_instructor(actor, patient)


def can_record_for_patient(actor: Actor, patient: PatientRef) -> bool:
    """Sessions, pain, activities, treatments, screenings, checks: the person or their instructor."""
    return is_own_record(actor, patient) or is_their_instructor(actor, patient)


def can_prescribe(actor: Actor, patient: PatientRef) -> bool:
    """Programs are written only by the patient's own instructor."""
    return is_their_instructor(actor, patient)


def can_manage_accounts(actor: Actor) -> bool:
    return actor.role == Role.ADMIN


def can_see_alerts(actor: Actor) -> bool:
    return actor.role in (Role.INSTRUCTOR, Role.ADMIN)


def can_list_patients(actor: Actor) -> bool:
    """Instructors list their own patients; a patient 'lists' only themselves."""
    return actor.role in (Role.INSTRUCTOR, Role.ADMIN, Role.PATIENT)


def can_export_own_patients(actor: Actor) -> bool:
    """Instructors (and admins who instruct) export the records of the patients they look after."""
    return actor.role in (Role.INSTRUCTOR, Role.ADMIN)
