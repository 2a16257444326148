"""Login tokens: random, at least 128 bits, and stored only as a keyed hash."""

import hashlib
import hmac
import secrets

TOKEN_BYTES = 32  # 256 bits, above the 128 the OWASP session guidance asks for


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(secret_key: str, token: str) -> str:
    """A stolen copy of the database does not give working tokens without the secret key."""
    return hmac.new(secret_key.encode(), token.encode(), hashlib.sha256).hexdigest()
