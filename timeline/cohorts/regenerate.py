"""A stored synthetic cohort made again from its catalogue entry, when its files are lost.

The same seed, window, area, coordinated support and pathway modules give the same tables,
person for person (docs/synthetic.md, Reproducibility), so the catalogue row is enough to make a
`synth` cohort again exactly. What it cannot tell is refused (CohortNotReproducibleError, saying
why): a cohort not made by `synth`, one stored before windows, one made with other modules, or
one the generator no longer makes the same (checked against the catalogue's numbers of people
and events as the parts are made).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from timeline.cohorts.stream import detect_in_parts
from timeline.cohorts.tables import Cohort, CohortInfo


class CohortNotReproducibleError(ValueError):
    """The catalogue entry cannot make its cohort again (the message says why)."""


def synth_command(info: CohortInfo) -> str:
    """The `touchpoints synth` command that made the cohort, as far as its catalogue tells."""
    words = ["touchpoints synth"]
    if info.window_from is not None and info.window_to is not None:
        from synthetic.generate import people_at_any_one_time  # noqa: PLC0415 (loads the config)

        at_any_time = people_at_any_one_time(info.people, info.window_from, info.window_to)
        words += [f"--people {at_any_time}"]
    words += [f"--seed {info.seed}", f"--name {info.name}"]
    if info.window_from is not None and info.window_to is not None:
        words += [f"--from {info.window_from}", f"--to {info.window_to}"]
    if info.area:
        words += [f"--area {info.area}"]
    if info.coordinated_from is not None:
        words += [
            f"--coordinated-from {info.coordinated_from}",
            f"--coordinated-share {info.coordinated_share:g}",
        ]
    return " ".join([*words, "--replace"])


def _refuse_unless_reproducible(info: CohortInfo) -> tuple[str, ...]:
    """The built-in modules' names; CohortNotReproducibleError when the catalogue says too
    little to make the cohort again with them."""
    from synthetic.modules import load_modules  # noqa: PLC0415 (the generator loads when used)

    if info.provenance != "synthetic":
        raise CohortNotReproducibleError(
            f"it was not made by `synth` (its provenance is {info.provenance!r})"
        )
    if info.window_from is None or info.window_to is None:
        raise CohortNotReproducibleError(
            "it was stored before cohorts had a window, by an older generator"
        )
    built_in = tuple(m.name for m in load_modules(None))
    if tuple(info.modules) != built_in:
        raise CohortNotReproducibleError(
            f"it was made with other pathway modules ({', '.join(info.modules) or 'none'}) than "
            f"the built-in ones ({', '.join(built_in)}); give their folder to `synth --modules`"
        )
    return built_in


def regenerate_parts(info: CohortInfo) -> Iterator[Cohort]:
    """The cohort `info` describes, made again part by part with its cycles found, in order.

    CohortNotReproducibleError at once when the catalogue says too little, or, while the parts
    are made, as soon as they hold more events than the catalogue's (and at the end when they
    hold fewer): the generator has changed since the cohort was made.
    """
    from synthetic.generate import (  # noqa: PLC0415 (the generator loads only when used)
        UnknownAreaError,
        generate_cohort_chunks,
        people_at_any_one_time,
    )

    _refuse_unless_reproducible(info)
    assert info.window_from is not None and info.window_to is not None  # checked above
    at_any_time = people_at_any_one_time(info.people, info.window_from, info.window_to)
    try:
        total, parts = generate_cohort_chunks(
            at_any_time,
            info.seed,
            name=info.name,
            coordinated_from=info.coordinated_from,
            coordinated_share=info.coordinated_share,
            window_from=info.window_from,
            window_to=info.window_to,
            area=info.area or None,
        )
    except UnknownAreaError as exc:
        raise CohortNotReproducibleError(str(exc)) from None
    if total != info.people:
        raise CohortNotReproducibleError(
            f"the generator now makes {total:,} people for it where the catalogue has "
            f"{info.people:,}: it has changed since the cohort was made"
        )
    return _checked(detect_in_parts(parts), info)


def _checked(parts: Iterable[Cohort], info: CohortInfo) -> Iterator[Cohort]:
    """The parts, refused (CohortNotReproducibleError) once their events differ from info's."""
    events = 0
    for part in parts:
        events += len(part.events)
        if events > info.events:
            break
        yield part
    if events != info.events:
        raise CohortNotReproducibleError(
            f"the generator now makes {'more' if events > info.events else 'fewer'} events for "
            f"it than the {info.events:,} in the catalogue: it has changed since the cohort was "
            "made, so the same seed no longer gives the same cohort"
        )
