"""The report filters: period, practice and link worker, offered within the user's scope."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django import forms
from django.http import QueryDict

from linkwork.accounts.models import Service
from linkwork.reports import periods
from linkwork.reports.figures import ReportContext
from linkwork.reports.scope import ReportScope
from patients.selectors import link_workers_in, practices_in

MAX_PERIOD_DAYS = 366 * 5


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(
        choices=periods.PERIOD_CHOICES, initial=periods.THIS_MONTH, required=False
    )
    start = forms.DateField(
        label="From", required=False, widget=DateInput(), help_text="For chosen dates only."
    )
    end = forms.DateField(label="To", required=False, widget=DateInput())
    service = forms.ChoiceField(required=False)
    practice = forms.ChoiceField(required=False)
    worker = forms.ChoiceField(label="Link worker", required=False)

    def __init__(self, *args, scope: ReportScope, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("service", "practice", "worker"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.scope = scope
        self.today = today
        if scope.service_id is None:
            self.fields["service"].choices = [
                ("", "All services"),
                *((str(s.pk), s.name) for s in Service.objects.order_by("name").only("name")),
            ]
        else:
            del self.fields["service"]
        if scope.may_filter_practice:
            self.fields["practice"].choices = [
                ("", "All practices"),
                *((str(p.pk), p.name) for p in practices_in(scope.service_id).only("pk", "name")),
            ]
        else:
            del self.fields["practice"]
        if scope.may_filter_worker:
            self.fields["worker"].choices = [
                ("", "All link workers"),
                *(
                    (str(u.pk), str(u))
                    for u in link_workers_in(scope.service_id).only(
                        "pk", "first_name", "last_name", "username"
                    )
                ),
            ]
        else:
            del self.fields["worker"]

    def clean(self) -> dict:
        data = super().clean()
        period = data.get("period") or periods.THIS_MONTH
        data["period"] = period
        if period != periods.CUSTOM:
            data["start"], data["end"] = periods.period_dates(period, self.today)
            return data
        start, end = data.get("start"), data.get("end")
        if "start" in self.errors or "end" in self.errors:
            return data
        if start is None:
            self.add_error("start", "Enter the first day of the period.")
        if end is None:
            self.add_error("end", "Enter the last day of the period.")
        if start and end:
            if end < start:
                self.add_error("end", "The last day must be the same as or after the first day.")
            elif end - start > timedelta(days=MAX_PERIOD_DAYS):
                self.add_error("end", "Choose a period of five years or less.")
        return data

    def practice_ids(self) -> set[str]:
        if self.scope.practice_id is not None:
            return {str(self.scope.practice_id)}
        return {value for value, _label in self.fields["practice"].choices if value}

    def context(self) -> ReportContext:
        """The report request the valid form describes."""
        data = self.cleaned_data
        return ReportContext(
            scope=self.scope,
            start=data["start"],
            end=data["end"],
            today=self.today,
            practice_id=uuid.UUID(data["practice"]) if data.get("practice") else None,
            worker_id=uuid.UUID(data["worker"]) if data.get("worker") else None,
            service_id=uuid.UUID(data["service"]) if data.get("service") else None,
        )

    def query(self) -> str:
        """The filters as a query string, for links to records, CSV and PDF."""
        data = self.cleaned_data
        query = QueryDict(mutable=True)
        query["period"] = data["period"]
        if data["period"] == periods.CUSTOM:
            query["start"] = data["start"].isoformat()
            query["end"] = data["end"].isoformat()
        for name in ("service", "practice", "worker"):
            if data.get(name):
                query[name] = data[name]
        return query.urlencode()
