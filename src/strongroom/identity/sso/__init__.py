"""Single sign-on through a company's OpenID Connect provider (P-A2): the relying party, the
sign-in flow, what it leaves in the session, the provider's settings and the linked identities."""
