# Container images for production (README "Deploying"). Each target runs
# scripts/production_command.sh with its role, the same command `make run-production` runs:
#
#   rasa     the Rasa server and the trained model (`make train` first: models/senco.tar.gz is
#            copied in, so the image carries the model the tests ran against); also the
#            retention command (role "retention", the Kubernetes CronJob)
#   actions  the action server
#   web      the web widget's example host page, the staff kiosk, /team and /summary (standard
#            library, the rules core, PyYAML, and for /summary SQLAlchemy with psycopg2, icalendar
#            and segno)
#
#   make images REGISTRY=registry.example.org/senco TAG=2026-11-30
#
# The final stages hold no compiler and no pip; they run as user 10001, and everything they run
# is owned by root, so a compromised process cannot change its own code.
ARG PYTHON_IMAGE=python:3.10-slim-bookworm

# The pinned environment, built apart so that pip and its caches stay out of the final images.
FROM ${PYTHON_IMAGE} AS builder
WORKDIR /app
COPY requirements.txt .
# requirements.txt is a full `pip freeze` (every wheel, no compiler needed), so --no-deps installs
# exactly it. Rasa needs pkg_resources at run time: setuptools is pinned to the version we test with.
RUN python -m venv .venv \
    && .venv/bin/pip install --no-cache-dir --no-deps -r requirements.txt setuptools==70.3.0 \
    && .venv/bin/pip uninstall --yes pip wheel

FROM ${PYTHON_IMAGE} AS base
# HOME is the one writable place (an emptyDir at /tmp in Kubernetes, with a read-only root).
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 HOME=/tmp
RUN groupadd --system --gid 10001 senco \
    && useradd --system --uid 10001 --gid senco --no-create-home --home-dir /tmp --shell /usr/sbin/nologin senco
WORKDIR /app

# The web pages need only Python's standard library, save /team (a whole list checked at once),
# which runs the rules core, and /summary (a shared answer), which reads its share link from the
# tracker store's PostgreSQL database and draws a calendar file and a QR code. Those packages,
# copied from the pinned environment, are all it adds to an empty venv.
FROM base AS web
RUN python -m venv --without-pip .venv
ARG SITE=/app/.venv/lib/python3.10/site-packages
COPY --from=builder ${SITE}/yaml/ ${SITE}/yaml/
COPY --from=builder ${SITE}/sqlalchemy/ ${SITE}/sqlalchemy/
COPY --from=builder ${SITE}/psycopg2/ ${SITE}/psycopg2/
COPY --from=builder ${SITE}/psycopg2_binary.libs/ ${SITE}/psycopg2_binary.libs/
COPY --from=builder ${SITE}/icalendar/ ${SITE}/icalendar/
COPY --from=builder ${SITE}/dateutil/ ${SITE}/dateutil/
COPY --from=builder ${SITE}/tzdata/ ${SITE}/tzdata/
COPY --from=builder ${SITE}/segno/ ${SITE}/segno/
COPY --from=builder ${SITE}/six.py ${SITE}/typing_extensions.py ${SITE}/
COPY scripts/production_command.sh scripts/serve_web.py scripts/
COPY endpoints.production.yml ./
COPY channels/__init__.py channels/team.py channels/share.py channels/summary.py channels/summary_page.py channels/
COPY channels/web/ channels/web/
COPY actions/__init__.py actions/slots.py actions/
COPY stores/__init__.py stores/share.py stores/
COPY rules_core/ rules_core/
USER 10001:10001
EXPOSE 8080
# serve_web.py stops on KeyboardInterrupt; as process 1 it would ignore SIGTERM.
STOPSIGNAL SIGINT
ENTRYPOINT ["/app/scripts/production_command.sh"]
CMD ["web"]

FROM base AS app
COPY --from=builder /app/.venv .venv
COPY credentials.yml endpoints.production.yml ./
COPY actions/ actions/
COPY channels/ channels/
COPY components/ components/
COPY rules_core/ rules_core/
COPY stores/ stores/
COPY data/faq/answers.yml data/faq/
COPY scripts/production_command.sh scripts/
RUN .venv/bin/python -m compileall -q actions channels components rules_core stores
ENTRYPOINT ["/app/scripts/production_command.sh"]

FROM app AS actions
USER 10001:10001
EXPOSE 5055
CMD ["actions"]

FROM app AS rasa
COPY models/senco.tar.gz models/
USER 10001:10001
EXPOSE 5005
CMD ["rasa"]
