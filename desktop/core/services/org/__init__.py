"""The site and who works in it: set-up, the organisation profile, users and roles, settings, the context.

What the UI and CLI use:
    context   Context, open_context, refresh_identity — every service call receives a Context
    profile   get_profile, is_initialised, capacities — reading the organisation profile (low in the layers)
    site      SiteSetup, initialise (first run: profile, administrator, seeders, keys), update_profile
    users     list_users, create_user, set_password; require_role, require_writer, can_see_sensitive,
              require_sensitive (the permission checks every writing service calls)
    settings  get, put: local business settings with defaults
    info      summary() → Summary for `qingfeng info`
    peek      site_of: a plain-sqlite3 look at a data dir before the full stack loads (start-up path)
"""

__all__ = ["context", "info", "peek", "profile", "settings", "site", "users"]
