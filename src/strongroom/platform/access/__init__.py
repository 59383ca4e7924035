"""Access control: the permission catalogue, built-in roles and the one policy module."""
