"""Small 3D vector arithmetic on plain tuples: a frame needs a few dozen operations, no array library."""

import math

from spinecoach.domain.posture.landmarks import Vec


def add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def scale(a: Vec, k: float) -> Vec:
    return (a[0] * k, a[1] * k, a[2] * k)


def dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def norm(a: Vec) -> float:
    return math.sqrt(dot(a, a))


def unit(a: Vec) -> Vec | None:
    """The direction of a, or None for a vector too short to have one."""
    length = norm(a)
    return None if length < 1e-9 else scale(a, 1.0 / length)


def mean(points: list[Vec]) -> Vec:
    n = len(points)
    return (sum(p[0] for p in points) / n, sum(p[1] for p in points) / n, sum(p[2] for p in points) / n)


def angle(a: Vec, b: Vec) -> float | None:
    """The angle between two vectors in degrees, 0-180."""
    na, nb = norm(a), norm(b)
    if na < 1e-9 or nb < 1e-9:
        return None
    return math.degrees(math.acos(max(-1.0, min(1.0, dot(a, b) / (na * nb)))))


def reject(a: Vec, axis: Vec) -> Vec:
    """The part of a at right angles to a unit axis."""
    return sub(a, scale(axis, dot(a, axis)))
