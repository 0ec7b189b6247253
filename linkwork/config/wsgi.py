import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.production")
application = get_wsgi_application()

# Objects loaded at start-up live for the worker's lifetime: freezing them keeps the garbage collector from
# re-scanning them on every request (measured in benchmarks/: it was most of the p95 tail).
gc.collect()
gc.freeze()
