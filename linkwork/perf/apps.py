from django.apps import AppConfig


class PerfConfig(AppConfig):
    """Volume data and benchmarks: ``seed_scale`` and ``bench`` (no models)."""

    name = "linkwork.perf"
    label = "perf"
    verbose_name = "Performance"
