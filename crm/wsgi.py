import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (configured by the line above)

# Fail at start, not at the first request: serving needs the key (ImproperlyConfigured if empty).
settings.SECRET_KEY  # noqa: B018
