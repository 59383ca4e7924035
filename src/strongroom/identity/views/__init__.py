"""Web pages of identity: second-factor steps, code factors, sign-in policy and SSO."""
