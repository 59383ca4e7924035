"""The local production-like stack (``make stack``): processes, the Patroni pair, the app."""
