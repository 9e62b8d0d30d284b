"""Measuring Linkwork at the scale of a large service: ``manage.py seed_scale`` fills a
database with realistic volume, ``manage.py bench`` times the busiest pages and jobs against
it, and ``bench/load.py`` runs concurrent users against gunicorn (``docs/performance.md``)."""
