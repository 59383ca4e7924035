"""Object rules of invoices, registered with the policy module.

Only drafts can be changed or deleted and only issued invoices credited or marked paid; those
are states, not permissions, so the actions refuse them with a ValidationError (a field error
the user can act on) rather than a rule here. A rule would answer 403 "not allowed", which
says the wrong thing about an issued invoice.
"""

from __future__ import annotations
