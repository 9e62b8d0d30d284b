"""Linkwork: case management for social-prescribing link workers in UK primary care."""

from linkwork.celery import app as celery_app

__all__ = ["celery_app"]
