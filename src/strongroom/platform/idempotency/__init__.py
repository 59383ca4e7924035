"""Answers to API writes kept under the client's ``Idempotency-Key`` (P-F5): a write retried
with the same key and body gets the first answer again and writes nothing."""
