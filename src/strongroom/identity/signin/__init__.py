"""Each company's sign-in policy (P-A1, P-A2): its settings and their page, and the gate that
checks on every request to the company that this session meets them."""
