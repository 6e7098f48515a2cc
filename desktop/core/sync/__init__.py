"""USB exchange between townships and their district (ARCHITECTURE §7, notes/tech.md §2.7).

    tables.py    which tables travel, discovered from the SQLModel metadata, in foreign-key order
    keys.py      Ed25519 signing keys, age X25519 keys, passphrase protection, fingerprints, enrolment files
    package.py   the container: manifest + JSONL per table + files/<sha256>, signed, zipped, age-encrypted
    export.py    township → district (incremental or full), written to temp, verified, renamed
    importer.py  verify everything, preview, apply in one transaction after a backup
    downward.py  district → township: district-owned tables (派单 tasks, 共性清单 …) with a catalogue version

Table conventions (set on the SQLModel class):
    __sync__ = "township" (default) | "district" | "shared" | "local"
        township: rows go up; district: rows go down; shared: each side sends the rows it owns; local: never.
        Whatever the direction, a package carries only rows whose origin_site is the sender.
    __sensitive__ = True                 the whole table stays home unless the user ticks 含敏感信息
    __sensitive_columns__ = ("col", …)   these columns stay home unless the user ticks 含敏感信息
    __local_columns__ = ("col", …)       these columns never leave the PC (e.g. app_user.password_hash)
    sha256 column + __blob_dir__         the blob files of the rows travel as files/<sha256>
    target_sites column (district table) comma-separated site codes; a row goes only to those townships
"""
