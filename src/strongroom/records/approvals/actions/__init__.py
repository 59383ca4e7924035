"""Writes of approvals: rules (``rules``) and the engine (``engine``)."""
