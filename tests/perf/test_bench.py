"""``manage.py bench`` measures every item on the data in the database and leaves no trace of
the jobs it times."""

import importlib.util
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from appeals.letters.models import EvidenceLetter
from linkwork.perf import benchmark
from linkwork.reminders.models import Reminder

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


def _bench(*parts: str) -> str:
    out = StringIO()
    call_command("bench", "--warmup", "0", "--repeat", "2", "--only", ",".join(parts), stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    call_command("seed_scale", "--patients", "60", stdout=StringIO())


def test_bench_prints_a_row_for_each_page_section_and_the_scan(seeded):
    output = _bench("pages", "sections", "scan")

    for name in (
        "Caseload (link worker home)",
        "Patient page (long history)",
        "Appeal case page",
        "My deadlines",
        "GP statement list (GP home)",
        "Report: last 12 months",
        "Report section: caseload",
        "Report section: referrals",
        "Reminder scan, first of the day",
        "Reminder scan, nothing new",
    ):
        assert name in output
    assert "median ms" in output
    assert "floor ms" in output
    assert not Reminder.objects.exists()  # each scan was rolled back


def test_bench_times_letter_rendering_against_bare_weasyprint_and_keeps_no_letter(seeded):
    output = _bench("letters")

    assert "Letter rendering (per letter)" in output
    assert "floor = bare WeasyPrint" in output
    assert not EvidenceLetter.objects.exists()


def test_bench_runs_the_report_comparison_with_hand_written_sql(seeded):
    output = _bench("reports")

    assert "Report figures against hand-written SQL" in output
    assert "Whole report" in output


def test_bench_runs_the_apps_own_letter_and_reminder_benchmarks_on_request(seeded):
    out = StringIO()
    call_command("bench", "--only", "apps", "--repeat", "1", "--app-deadlines", "200", stdout=out)

    output = out.getvalue()
    assert "Letters per second per worker process" in output
    assert "Seeded 200 open deadlines" in output
    assert not EvidenceLetter.objects.exists()
    assert not Reminder.objects.exists()


def test_bench_without_seeded_data_says_what_to_do():
    with pytest.raises(CommandError, match="seed_scale"):
        _bench("pages")


def test_bench_refuses_an_unknown_part():
    with pytest.raises(CommandError, match="Choose parts"):
        _bench("everything")


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 101)]

    assert benchmark.percentile(values, 95) == 95.0
    assert benchmark.percentile(values, 50) == 50.0
    assert benchmark.percentile([3.0], 95) == 3.0


def test_load_run_reports_the_same_95th_percentile_as_bench(capsys, monkeypatch):
    """``bench/load.py`` prints the nearest-rank percentile of ``linkwork.perf.benchmark``."""
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    load = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_load", load)
    spec.loader.exec_module(load)
    stats = load.Stats()
    for n in range(1, 21):
        stats.add("page", n / 1000, None)

    load.report(stats, seconds=1)

    lines = capsys.readouterr().out.splitlines()
    row = next(line for line in lines if line.startswith("page") and "ms" not in line)
    assert row.split()[3] == f"{benchmark.percentile(list(range(1, 21)), 95):.0f}" == "19"


def test_sql_floor_replays_only_the_reads():
    from linkwork.accounts.models import Service

    def work():
        Service.objects.create(name="Written once")
        list(Service.objects.all())

    queries, floor = benchmark.sql_floor(work)

    assert queries >= 2
    assert floor >= 0
    assert Service.objects.filter(name="Written once").count() == 1


def test_a_measurement_meets_its_target_only_under_the_time_and_the_ratio():
    quick = benchmark.Measurement("q", [0.1] * 10, 3, 0.06, benchmark.REPORT)
    slow_ratio = benchmark.Measurement("r", [0.1] * 10, 3, 0.01, benchmark.REPORT)
    tiny = benchmark.Measurement("t", [0.010] * 10, 1, 0.001, benchmark.REPORT)
    slow_page = benchmark.Measurement("p", [0.2] * 10, 3, 0.1, benchmark.PAGE)

    assert quick.meets_target
    assert not slow_ratio.meets_target
    assert tiny.meets_target  # 10x its SQL, but only 9 ms over it
    assert not slow_page.meets_target
