"""The JSON form of a journey: the pydantic model dump, with its format_version."""

from __future__ import annotations

import json

from pydantic import ValidationError

from schemas import Journey
from timeline.io.errors import InvalidFileError, RowError, errors_from_validation
from timeline.io.sniff import require_text


def read_json(data: bytes, name: str) -> list[Journey]:
    """Read one journey (an object) or several (a list of objects) from JSON bytes."""
    text = require_text(data, name)
    try:
        document = json.loads(text)
    except RecursionError:
        raise InvalidFileError(
            [RowError(name, "the JSON is nested too deeply to be a Touchpoints journey file")]
        ) from None
    except json.JSONDecodeError as exc:
        raise InvalidFileError(
            [RowError(name, f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
        ) from None
    except ValueError:  # Python refuses to read a whole number of thousands of digits
        raise InvalidFileError(
            [
                RowError(
                    name,
                    "the file holds a number thousands of digits long; no Touchpoints field "
                    "takes one: check the dates and numbers in the file",
                )
            ]
        ) from None
    items = document if isinstance(document, list) else [document]
    journeys: list[Journey] = []
    errors: list[RowError] = []
    for index, item in enumerate(items):
        prefix = (index,) if isinstance(document, list) else ()
        if not isinstance(item, dict):
            errors.append(
                RowError(
                    name,
                    "each journey must be a JSON object",
                    column=f"[{index}]" if prefix else None,
                )
            )
            continue
        try:
            journeys.append(Journey.model_validate(item))
        except ValidationError as exc:
            errors.extend(errors_from_validation(name, exc, prefix))
    if not items:
        errors.append(RowError(name, "the list holds no journeys"))
    keys = [j.key for j in journeys]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        errors.append(RowError(name, f"journey key {key!r} appears more than once"))
    if errors:
        raise InvalidFileError(errors)
    return journeys


def write_json(journey: Journey) -> bytes:
    """The journey as indented JSON; reading it back gives an equal journey."""
    return (journey.model_dump_json(indent=2) + "\n").encode("utf-8")


def journey_json_schema() -> dict:
    """The JSON Schema of the journey file format."""
    return Journey.model_json_schema()
