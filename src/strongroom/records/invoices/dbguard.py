"""Database triggers that keep issued invoices immutable (P-D3), on PostgreSQL and SQLite.

The actions already refuse to change an issued invoice; these triggers make the database refuse
it too, so that no code path (a bug, a shell, a raw UPDATE) can alter one:

- an issued invoice's row may change only from ``issued`` to ``paid`` (and its ``paid_on`` be
  set once); every other column is frozen, and the row cannot be deleted;
- lines of an issued invoice cannot be added, changed, moved or deleted;
- a number series' counter never goes back and is never deleted, so numbers are never reused.

A refused write raises ``django.db.IntegrityError``. On PostgreSQL the invoice check compares
the whole row (``to_jsonb``), so a column added later is frozen without a change here; SQLite
names the columns (:data:`FROZEN_COLUMNS`), and a test fails when a model field is missing from
the list. A migration that adds a column must call :func:`install` again.
"""

from __future__ import annotations

from strongroom.platform.triggers import Triggers

# The SQL below is built from constants of this module only, never from input.
# ruff: noqa: S608

INVOICE = "invoices_invoice"
LINE = "invoices_invoiceline"
COUNTER = "invoices_invoicecounter"
# Columns that may change after issue: the payment status and date, under the rules above.
MUTABLE_COLUMNS = ("status", "paid_on")
FROZEN_COLUMNS = (
    "id", "company_id", "kind", "credited_invoice_id", "number", "series_year", "sequence",
    "currency", "customer_name", "customer_address", "customer_org_number", "customer_email",
    "customer_reference", "customer_organisation_id", "seller_name", "seller_org_number",
    "seller_vat_id", "seller_address", "seller_bank_account", "notes", "payment_terms_days",
    "net_total", "vat_total", "gross_total", "issue_date", "due_date", "fiscal_year_end",
    "issued_at", "created_at",
)
MESSAGE = "issued invoices are immutable: correct them with a credit note"
COUNTER_MESSAGE = "invoice number series never go back"

_PAYMENT_RULE = (
    "NOT (NEW.status = OLD.status OR (OLD.status = 'issued' AND NEW.status = 'paid'))"
    " OR (OLD.paid_on IS NOT NULL AND NEW.paid_on IS DISTINCT FROM OLD.paid_on)"
)

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION invoices_guard_invoice() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
          RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
      END IF;
      IF OLD.status <> 'draft' AND (
        (to_jsonb(NEW) - 'status' - 'paid_on') IS DISTINCT FROM
        (to_jsonb(OLD) - 'status' - 'paid_on') OR {_PAYMENT_RULE}
      ) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$;
    """,
    f"""
    CREATE OR REPLACE FUNCTION invoices_guard_line() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
        SELECT 1 FROM {INVOICE} WHERE id = OLD.invoice_id AND status <> 'draft'
      ) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
        SELECT 1 FROM {INVOICE} WHERE id = NEW.invoice_id AND status <> 'draft'
      ) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$;
    """,
    f"""
    CREATE OR REPLACE FUNCTION invoices_guard_counter() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR NEW.last_sequence < OLD.last_sequence
         OR NEW.company_id <> OLD.company_id OR NEW.series_year <> OLD.series_year THEN
        RAISE EXCEPTION '{COUNTER_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$;
    """,
    f"DROP TRIGGER IF EXISTS invoices_guard_invoice ON {INVOICE}",
    f"""CREATE TRIGGER invoices_guard_invoice BEFORE UPDATE OR DELETE ON {INVOICE}
        FOR EACH ROW EXECUTE FUNCTION invoices_guard_invoice()""",
    f"DROP TRIGGER IF EXISTS invoices_guard_line ON {LINE}",
    f"""CREATE TRIGGER invoices_guard_line BEFORE INSERT OR UPDATE OR DELETE ON {LINE}
        FOR EACH ROW EXECUTE FUNCTION invoices_guard_line()""",
    f"DROP TRIGGER IF EXISTS invoices_guard_counter ON {COUNTER}",
    f"""CREATE TRIGGER invoices_guard_counter BEFORE UPDATE OR DELETE ON {COUNTER}
        FOR EACH ROW EXECUTE FUNCTION invoices_guard_counter()""",
]

POSTGRESQL_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS invoices_guard_invoice ON {INVOICE}",
    f"DROP TRIGGER IF EXISTS invoices_guard_line ON {LINE}",
    f"DROP TRIGGER IF EXISTS invoices_guard_counter ON {COUNTER}",
    "DROP FUNCTION IF EXISTS invoices_guard_invoice()",
    "DROP FUNCTION IF EXISTS invoices_guard_line()",
    "DROP FUNCTION IF EXISTS invoices_guard_counter()",
]

_SQLITE_TRIGGERS = (
    "invoices_guard_invoice_update", "invoices_guard_invoice_delete",
    "invoices_guard_line_insert", "invoices_guard_line_update", "invoices_guard_line_delete",
    "invoices_guard_counter_update", "invoices_guard_counter_delete",
)


def _sqlite_install() -> list[str]:
    frozen = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in FROZEN_COLUMNS)
    payment = _PAYMENT_RULE.replace("IS DISTINCT FROM", "IS NOT")
    refuse = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    refuse_counter = f"BEGIN SELECT RAISE(ABORT, '{COUNTER_MESSAGE}'); END"
    parent_old = f"(SELECT status FROM {INVOICE} WHERE id = OLD.invoice_id) <> 'draft'"
    parent_new = f"(SELECT status FROM {INVOICE} WHERE id = NEW.invoice_id) <> 'draft'"
    return [
        *GUARD.sqlite_uninstall(),
        f"""CREATE TRIGGER invoices_guard_invoice_update BEFORE UPDATE ON {INVOICE}
            WHEN OLD.status <> 'draft' AND ({frozen} OR {payment}) {refuse}""",
        f"""CREATE TRIGGER invoices_guard_invoice_delete BEFORE DELETE ON {INVOICE}
            WHEN OLD.status <> 'draft' {refuse}""",
        f"CREATE TRIGGER invoices_guard_line_insert BEFORE INSERT ON {LINE} "
        f"WHEN {parent_new} {refuse}",
        f"CREATE TRIGGER invoices_guard_line_update BEFORE UPDATE ON {LINE} "
        f"WHEN {parent_old} OR {parent_new} {refuse}",
        f"CREATE TRIGGER invoices_guard_line_delete BEFORE DELETE ON {LINE} "
        f"WHEN {parent_old} {refuse}",
        f"""CREATE TRIGGER invoices_guard_counter_update BEFORE UPDATE ON {COUNTER}
            WHEN NEW.last_sequence < OLD.last_sequence OR NEW.company_id IS NOT OLD.company_id
            OR NEW.series_year IS NOT OLD.series_year {refuse_counter}""",
        f"CREATE TRIGGER invoices_guard_counter_delete BEFORE DELETE ON {COUNTER} "
        f"{refuse_counter}",
    ]


GUARD = Triggers(
    label="invoice",
    postgresql_install=POSTGRESQL_INSTALL,
    postgresql_uninstall=POSTGRESQL_UNINSTALL,
    sqlite_install=_sqlite_install,
    sqlite_names=_SQLITE_TRIGGERS,
)
statements, install, uninstall = GUARD.statements, GUARD.install, GUARD.uninstall
