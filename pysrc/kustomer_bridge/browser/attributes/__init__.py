"""Page snapshots become Kustomer custom attributes.

page.py       PageContext: a snapshot -> attributes, by group, declared ones included
values.py     attribute names and values: validated and converted by their suffix
redaction.py  secrets in URLs redacted by query-parameter name
privacy.py    the tag's privacy settings, read so that a mistake fails closed
"""
