"""The test database as a URL, for the processes and scripts a test starts (they read DATABASE_URL)."""


def postgres_url(settings_dict: dict) -> str:
    """The postgres:// URL of the PostgreSQL database `settings_dict` (a connection's) describes."""
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    return (
        f"postgres://{settings_dict['USER']}{password}@{settings_dict['HOST']}:{settings_dict['PORT']}"
        f"/{settings_dict['NAME']}"
    )
