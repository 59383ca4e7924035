"""Security operations: the findings register, dependency scans and their CI gate (P-G2),
security.txt and vulnerability reports (P-G1)."""
