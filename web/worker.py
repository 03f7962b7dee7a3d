"""The Celery application for `make worker` (``celery -A web.worker worker``): REDIS_URL names
the broker and result backend; DATABASE_URL the same database as the web app."""
from web.jobs import celery_app

app = celery_app()
