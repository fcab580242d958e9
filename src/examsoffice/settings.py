"""Django settings, read from environment variables through examsoffice.config."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext

from examsoffice import config

# Lets admin and generic classes be subscripted at run time, as the type checker wants.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()

SECRET_KEY = config.secret_key(DATA_DIR)
DEBUG = config.env_bool("EXAMSOFFICE_DEBUG", False)
ALLOWED_HOSTS = config.env_list(
    "EXAMSOFFICE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = config.env_list("EXAMSOFFICE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "examsoffice.web",
    "examsoffice.accounts",
    "examsoffice.jobs",
    "examsoffice.learners",
    "examsoffice.register",
    "examsoffice.exams",
    "examsoffice.rooms",
    "examsoffice.planner",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "examsoffice.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "examsoffice.web.context.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "examsoffice.wsgi.application"

# The embedded default is one SQLite file in the data folder; DATABASE_URL points a
# trust's or a register's installation at PostgreSQL instead.
SQLITE_PATH = DATA_DIR / "examsoffice.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        config.env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a background job writes; the timeout
    # waits for a writer instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# The school as the ULN-request CTF names it; when unset, the LA and establishment
# numbers are read off the roll's UPNs.
SCHOOL_LA = config.env_str("EXAMSOFFICE_SCHOOL_LA", "")
SCHOOL_ESTAB = config.env_str("EXAMSOFFICE_SCHOOL_ESTAB", "")
SCHOOL_NAME = config.env_str("EXAMSOFFICE_SCHOOL_NAME", "")
EXAMSOFFICE_SCHOOL_NAME = SCHOOL_NAME
# Where ULN requests are addressed. Unverified: the national service's codes are
# not published where we could read them, so they are a setting.
ULN_SERVICE_LEA = config.env_str("EXAMSOFFICE_ULN_SERVICE_LA", "MAT")
ULN_SERVICE_ESTAB = config.env_str("EXAMSOFFICE_ULN_SERVICE_ESTAB", "MAT")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Serve static files straight from the installed apps, so that no collectstatic
# step stands between a fresh install and a working page.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_COOKIE_SECURE = config.env_bool("EXAMSOFFICE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "examsoffice": {
            "handlers": ["console"],
            "level": config.env_str("EXAMSOFFICE_LOG_LEVEL", "INFO"),
        },
    },
}
