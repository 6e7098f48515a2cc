"""The site and who works in it: set-up, the organisation profile, users and roles, settings, the context.

What the UI and CLI use:
    context   Context, open_context, refresh_identity — every service call receives a Context
    site      SiteSetup, initialise (first run), get_profile, update_profile, capacities (reads: profile.py)
    users     list_users, create_user, set_password; require_role, require_writer, can_see_sensitive,
              require_sensitive (the permission checks every writing service calls)
    auth      login (password, lockout, audited), logout, check_again (unlock), change_own_password,
              must_change, login_names (the login screen's list)
    user_admin  reset_password, set_active, set_role (always one active administrator)
    passwords hash_password, verify, needs_upgrade (scrypt N = 2^15), check_rules
    settings  get, put: local business settings with defaults
    info      summary for `qingfeng info`
    peek      site_of: a plain-sqlite3 look at a data dir before the full stack loads (start-up path)
"""

__all__ = ["auth", "context", "info", "passwords", "peek", "settings", "site", "user_admin", "users"]
