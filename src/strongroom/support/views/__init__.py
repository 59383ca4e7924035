"""Web pages of support access: the company's page and the operator console's."""
