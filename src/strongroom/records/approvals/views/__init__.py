"""Web pages of approvals: tags, rules, the inbox and requests."""
