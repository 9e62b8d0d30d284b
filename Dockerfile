# Production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=linkwork.settings.base \
    LINKWORK_VAR_DIR=/var/lib/linkwork

# WeasyPrint needs Pango, and HarfBuzz's subsetter to embed only the glyphs a letter uses;
# fonts come from the system, never fetched at render time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
       fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /home/linkwork linkwork \
    && mkdir -p /var/lib/linkwork/media /var/lib/linkwork/staticfiles \
    && chown -R linkwork /var/lib/linkwork

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY linkwork ./linkwork
COPY patients ./patients
COPY referrals ./referrals
COPY appeals ./appeals
RUN pip install -c constraints.txt .
COPY . .

# Static files are collected at build time with a throwaway key (no secrets in the image).
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

USER linkwork
EXPOSE 8000
CMD ["gunicorn", "linkwork.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
