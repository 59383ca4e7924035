"""Identity: accounts, sign-in, factors, SSO, API keys, sessions and security events."""
