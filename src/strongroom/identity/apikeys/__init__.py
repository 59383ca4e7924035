"""API keys (P-A3): the key format and its peppered digest, creating and revoking keys, their
reads, and the API's bearer authentication."""
