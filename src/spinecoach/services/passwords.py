"""Password hashing with Argon2id, at the parameters OWASP recommends.

OWASP Password Storage Cheat Sheet: Argon2id with 19 MiB of memory, 2 iterations, 1 lane.
A hash made with older parameters is re-hashed at the next successful login.
"""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from spinecoach.domain.errors import DomainError

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Checked against when the email is unknown, so that a wrong email takes as long as a wrong password.
DUMMY_HASH = HASHER.hash("spinecoach-dummy-password")
MIN_LENGTH = 10  # long enough to resist guessing; length matters more than symbols (NIST SP 800-63B)


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise DomainError(f"the password must have at least {MIN_LENGTH} characters")
    return HASHER.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    try:
        return HASHER.verify(stored_hash or DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return HASHER.check_needs_rehash(stored_hash)
