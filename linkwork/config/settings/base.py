"""Settings shared by every environment. Environment-specific modules import from here."""

from pathlib import Path

from csp.constants import NONCE, NONE, SELF

from linkwork.config.csp import nhsuk_template_script_hash
from linkwork.config.database import database_from_url
from linkwork.config.env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = PROJECT_DIR / "linkwork"

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    # django-ninja as an app so the API docs page serves Swagger UI from our own static files, not a CDN.
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "linkwork.core",
    "linkwork.nhsuk_forms",
    "linkwork.accounts",
    "linkwork.organisations",
    "linkwork.geography",
    "linkwork.people",
    "linkwork.referrals",
    "linkwork.coding",
    "linkwork.plans",
    "linkwork.measures",
    "linkwork.community",
    "linkwork.connections",
    "linkwork.casework",
    "linkwork.activities",
    "linkwork.interop",
    "linkwork.synthetic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Outside everything that makes a response, so the answers of the two below are covered too.
    "linkwork.core.middleware.NoStoreMiddleware",
    # It sees every error response under /api/, whoever made it, and answers it as JSON.
    "linkwork.core.middleware.ApiErrorsAsJsonMiddleware",
    "linkwork.core.middleware.ApiRequestLimitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "linkwork.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "linkwork.config.urls"
WSGI_APPLICATION = "linkwork.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "linkwork.config.jinja2.environment"},
    },
    {
        # Only for third-party pages that ship Django templates (the OpenAPI docs page).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    },
]
FORM_RENDERER = "django.forms.renderers.Jinja2"

DATABASES = {"default": database_from_url(env_str("DATABASE_URL", ""), PROJECT_DIR / "linkwork.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:sign_in"

# Lockout after repeated failures (django-axes): five failures for one account from one address locks it
# for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The sign-in form posts the email as "username" (Django's AuthenticationForm), not as the model's USERNAME_FIELD.
AXES_USERNAME_FORM_FIELD = "username"
# ... and lower-cased, as the sign-in itself is, so any capitalisation of one email counts against one account.
AXES_USERNAME_CALLABLE = "linkwork.accounts.services.sign_in_username"
AXES_LOCKOUT_URL = "/accounts/locked-out"
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy on every response (django-csp; ADR 0020): our own origin only. The one inline script (the
# NHS.UK page template's) is allowed by its hash; the print pages' inline styles by the request's nonce; no style=
# attributes. Fonts may also come from the NHS's own asset host, where the NHS.UK frontend's Frutiger lives: where
# it cannot be reached, pages fall back to Arial.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, nhsuk_template_script_hash()],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "https://assets.nhs.uk"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(PROJECT_DIR / "build" / "static")))
STATICFILES_DIRS = [("nhsuk", PROJECT_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk")]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Domain configuration (facts that change by year or by scheme live in data files; these are
# deployment choices).
LINKWORK_RECENTLY_CLOSED_DAYS = env_int("LINKWORK_RECENTLY_CLOSED_DAYS", 30)
# Rows on one page of every list page (caseload sections, directory, worklists, audit log).
LINKWORK_PAGE_SIZE = env_int("LINKWORK_PAGE_SIZE", 50)
# A directory of a scheme's own questionnaire definitions (YAML, the shape of linkwork/measures/data/
# instruments/*.yaml), added to the ones linkwork ships without a code change; none by default.
LINKWORK_EXTRA_INSTRUMENTS_DIR = env_str("LINKWORK_EXTRA_INSTRUMENTS_DIR", "") or None
# The PCNs (ODS codes) that hold a Patient Activation Measure licence; "*" when every PCN of the deployment is covered.
# PAM is scheduled, offered and recorded only for their episodes (ADR 0041). None by default: NHS England's national
# licences ended in March 2021 and a PCN now contracts Insignia Health itself (seed 000).
LINKWORK_PAM_LICENSED_PCNS = env_list("LINKWORK_PAM_LICENSED_PCNS", [])
# `linkwork demo` and `linkwork generate` only where this is true (local and test settings).
LINKWORK_ALLOW_SYNTHETIC_DATA = False
# NHS numbers of test patients (the never issued 9... block, where synthetic and demo people live) are refused unless
# this is true (local and test settings); a deployment sees only numbers issued to patients.
LINKWORK_ALLOW_TEST_NHS_NUMBERS = False
# The public self-referral form: at most this many submissions from one client address per window (seconds),
# counted in the default cache (per process with the default local-memory cache: give a deployment with
# several processes a shared cache), and none accepted sooner than this many seconds after the form was shown.
LINKWORK_SELF_REFERRAL_RATE_LIMIT = env_int("LINKWORK_SELF_REFERRAL_RATE_LIMIT", 5)
LINKWORK_SELF_REFERRAL_RATE_WINDOW = 60 * 60
LINKWORK_SELF_REFERRAL_MIN_SECONDS = env_int("LINKWORK_SELF_REFERRAL_MIN_SECONDS", 5)

# The API (linkwork.core.pagination, linkwork.core.middleware, linkwork.accounts.api_auth).
# Lists are paged with ?limit=&offset=: limit 1 to LINKWORK_API_MAX_LIMIT (default LINKWORK_API_PAGE_SIZE), offset 0
# to LINKWORK_API_MAX_OFFSET; anything else answers 422.
LINKWORK_API_PAGE_SIZE = 100
LINKWORK_API_MAX_LIMIT = 100
LINKWORK_API_MAX_OFFSET = 1_000_000
# Request bodies larger than this answer 413 before they are read; the Open Referral import takes a whole directory.
LINKWORK_API_MAX_BODY_BYTES = env_int("LINKWORK_API_MAX_BODY_BYTES", 1024 * 1024)
LINKWORK_API_LARGE_BODY_ROUTES = {
    "/api/v1/directory/openreferral": env_int("LINKWORK_OPENREFERRAL_MAX_BODY_BYTES", 20 * 1024 * 1024),
}
# JSON nested deeper than this is refused (400) before anything walks it: deep enough for any linkwork or Open
# Referral document, shallow enough that no validator runs out of stack.
LINKWORK_JSON_MAX_DEPTH = 32
# Bad API tokens: after this many failures from one client address in the window (seconds), that address gets 429
# with Retry-After until the window ends (counted in the default cache, like the self-referral limit).
LINKWORK_API_TOKEN_FAILURE_LIMIT = env_int("LINKWORK_API_TOKEN_FAILURE_LIMIT", 20)
LINKWORK_API_TOKEN_FAILURE_WINDOW = env_int("LINKWORK_API_TOKEN_FAILURE_WINDOW", 10 * 60)
