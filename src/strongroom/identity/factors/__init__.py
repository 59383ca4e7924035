"""The second factor (P-A1): whether a session passed one, allauth's stage and secrets at rest,
e-mail and SMS codes, and the pages that ask for them."""
