"""Running Strongroom in production: the configuration an operator installs, rendered from the
installation's settings (``strongroom deploy render``), and the local production-like stack that
tests and operators' trials start (``make stack``). Templates are in ``templates/``."""
