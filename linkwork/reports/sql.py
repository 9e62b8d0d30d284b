"""Database functions the reports need that Django does not ship: whole days between two
dates, and percentiles (``percentile_cont`` on PostgreSQL, a portable fallback elsewhere)."""

from __future__ import annotations

import math

from django.db import connections
from django.db.models import Aggregate, Count, Expression, FloatField, Func, IntegerField, QuerySet


class DaysBetween(Func):
    """Whole calendar days from ``start`` to ``end``, both date expressions (``end - start``)."""

    arity = 2
    output_field = IntegerField()

    def __init__(self, end: Expression | str, start: Expression | str, **extra) -> None:
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: subtracting two dates gives an integer number of days.
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


class PercentileCont(Aggregate):
    """PostgreSQL's continuous percentile: the value below which ``fraction`` of the rows
    fall, interpolated between neighbours (0.5 is the median)."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, *, fraction: float, **extra) -> None:
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile fraction is between 0 and 1.")
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def percentiles_in_database(
    queryset: QuerySet, fractions: tuple[float, ...]
) -> tuple[int, list[float | None]]:
    """The number of rows with a value and each percentile of the ``_pvalue`` annotation, in
    one query (PostgreSQL). ``percentile_cont`` and ``COUNT(value)`` both skip nulls, so the
    rows need no ``IS NOT NULL`` filter: such a filter makes PostgreSQL work the value out for
    every row it reads, before it joins (twice as slow for days to first contact)."""
    aggregates = {
        f"p{index}": PercentileCont("_pvalue", fraction=fraction)
        for index, fraction in enumerate(fractions)
    }
    result = queryset.aggregate(n=Count("_pvalue"), **aggregates)
    return result["n"], [result[f"p{index}"] for index in range(len(fractions))]


def percentiles_portable(
    queryset: QuerySet, fractions: tuple[float, ...]
) -> tuple[int, list[float | None]]:
    """The same result as ``percentile_cont`` from plain SQL on any database: a count, then for
    each fraction the two neighbouring values read by position (ORDER BY ... LIMIT 2 OFFSET k).
    One query plus one per fraction, whatever the number of rows."""
    values = (
        queryset.filter(_pvalue__isnull=False).order_by("_pvalue").values_list("_pvalue", flat=True)
    )
    n = values.count()
    if n == 0:
        return 0, [None for _ in fractions]
    results: list[float | None] = []
    for fraction in fractions:
        position = fraction * (n - 1)
        low = math.floor(position)
        pair = list(values[low : low + 2])
        below = float(pair[0])
        above = float(pair[1]) if len(pair) > 1 else below
        results.append(below + (above - below) * (position - low))
    return n, results


def percentiles(
    queryset: QuerySet, expression: Expression, fractions: tuple[float, ...]
) -> tuple[int, list[float | None]]:
    """Count and percentiles of ``expression`` over ``queryset``, counted in the database."""
    queryset = queryset.annotate(_pvalue=expression)
    if connections[queryset.db].vendor == "postgresql":
        return percentiles_in_database(queryset, fractions)
    return percentiles_portable(queryset, fractions)
