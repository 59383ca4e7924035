"""The public status page (P-F5): probes, their history and the static page built from it.

Nothing here needs the records database, the key store or the ORM: ``strongroom status
probe`` checks the installation over HTTP(S), keeps what it saw in a small SQLite file of its
own, and writes ``index.html`` and ``status.json`` into a directory the TLS proxy serves, so
the page stays up, and says so, when the application is down.
"""
