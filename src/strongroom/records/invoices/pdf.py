"""The invoice as a PDF, drawn with fpdf2 (pure Python, from PyPI; no system libraries).

Text uses DejaVu Sans from the operating system when it is there (Debian's
``fonts-dejavu-core``, which ``scripts/system-deps.sh`` installs), embedded as a subset, so any
name prints; without it the PDF falls back to the built-in Helvetica, which covers Latin-1 (the
Nordic letters included) and shows other characters as ``?``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.http import HttpResponse
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from strongroom.platform import money
from strongroom.records.invoices import issuer
from strongroom.records.invoices.models import Invoice
from strongroom.records.invoices.selectors import summary

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR, BOLD = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
COLUMNS = (("#", 8, "L"), ("Description", 64, "L"), ("Quantity", 22, "R"),
           ("Unit price", 24, "R"), ("VAT %", 14, "R"), ("Net", 24, "R"), ("VAT", 24, "R"))


class _Sheet:
    """One invoice drawn on A4 pages."""

    def __init__(self, invoice: Invoice) -> None:
        self.invoice, self.currency = invoice, invoice.currency
        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.unicode = REGULAR.is_file() and BOLD.is_file()
        if self.unicode:
            self.pdf.add_font("DejaVu", "", str(REGULAR))
            self.pdf.add_font("DejaVu", "B", str(BOLD))
        self.family = "DejaVu" if self.unicode else "helvetica"
        title = invoice.history_label()
        self.pdf.set_title(title)
        self.pdf.set_creator("Strongroom")
        self.pdf.set_author(self.text(invoice.company.name))
        if invoice.issued_at is not None:
            self.pdf.set_creation_date(invoice.issued_at)

    def text(self, value: str) -> str:
        if self.unicode:
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def amount(self, value: Decimal) -> str:
        return money.format_amount(value, self.currency).replace("\u202f", " ")

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def line(self, value: str, *, size: float = 10, bold: bool = False, height: float = 5) -> None:
        self.font(size, bold)
        self.pdf.multi_cell(0, height, self.text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def draw(self) -> bytes:
        invoice, pdf = self.invoice, self.pdf
        pdf.add_page()
        kind = invoice.get_kind_display()
        self.line(f"{kind} {invoice.number or '(draft)'}", size=18, bold=True, height=9)
        seller = issuer.seller_of(invoice)
        self.line(seller["seller_name"], bold=True)
        details = [seller["seller_address"]]
        if seller["seller_org_number"]:
            details.append(f"Org. no. {seller['seller_org_number']}")
        if seller["seller_vat_id"]:
            details.append(f"VAT id {seller['seller_vat_id']}")
        self.line("\n".join(part for part in details if part), size=9)
        if invoice.credited_invoice is not None:
            self.line(f"Credits invoice {invoice.credited_invoice.number}")
        pdf.ln(3)
        facts = [("Issue date", _date(invoice.issue_date) or "not issued")]
        if not invoice.is_credit_note:
            facts.append(("Due date", _date(invoice.due_date) or "-"))
        facts.append(("Currency", invoice.currency))
        if invoice.customer_reference:
            facts.append(("Your reference", invoice.customer_reference))
        for label, value in facts:
            self.line(f"{label}: {value}")
        pdf.ln(3)
        self.line("Customer", bold=True)
        customer = [invoice.customer_name, invoice.customer_address]
        if invoice.customer_org_number:
            customer.append(f"Org. no. {invoice.customer_org_number}")
        customer.append(invoice.customer_email)
        self.line("\n".join(part for part in customer if part))
        pdf.ln(4)
        self.lines_table()
        pdf.ln(4)
        self.totals()
        if seller["seller_bank_account"] and not invoice.is_credit_note:
            pdf.ln(4)
            self.line(f"Pay to {seller['seller_bank_account']}, marked {invoice.number or '-'}.")
        if invoice.notes:
            pdf.ln(4)
            self.line(invoice.notes)
        return bytes(pdf.output())

    def lines_table(self) -> None:
        self.font(9)
        widths = tuple(width for _, width, _ in COLUMNS)
        aligns = tuple({"L": "LEFT", "R": "RIGHT"}[align] for _, _, align in COLUMNS)
        with self.pdf.table(col_widths=widths, text_align=aligns, line_height=5) as table:
            heading = table.row()
            for label, _, _ in COLUMNS:
                heading.cell(label)
            for item in self.invoice.lines.all():
                quantity = format(item.quantity.normalize(), "f")
                row = table.row()
                for value in (str(item.position), item.description,
                              f"{quantity} {item.unit}".strip(), self.amount(item.unit_price),
                              format(item.vat_rate.normalize(), "f"),
                              self.amount(item.net_amount), self.amount(item.vat_amount)):
                    row.cell(self.text(value))

    def totals(self) -> None:
        invoice = self.invoice
        rows = []
        for group in summary(invoice).totals.by_rate:
            rate = format(group.rate.normalize(), "f")
            rows += [(f"Net at {rate} % VAT", group.net), (f"VAT {rate} %", group.vat)]
        rows += [("Total net", invoice.net_total), ("Total VAT", invoice.vat_total)]
        for label, value in rows:
            self.total_row(label, self.amount(value))
        grand = "Total credited" if invoice.is_credit_note else "Total to pay"
        self.total_row(grand, f"{invoice.currency} {self.amount(invoice.gross_total)}", bold=True)

    def total_row(self, label: str, value: str, *, bold: bool = False) -> None:
        self.font(10, bold)
        self.pdf.set_x(self.pdf.l_margin + 90)
        self.pdf.cell(55, 6, self.text(label))
        self.pdf.cell(35, 6, value, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _date(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]


def render(invoice: Invoice) -> bytes:
    """The PDF document of ``invoice`` (lines prefetched by the selector)."""
    return _Sheet(invoice).draw()


def filename(invoice: Invoice) -> str:
    kind = "credit-note" if invoice.is_credit_note else "invoice"
    return f"{kind}-{invoice.number or 'draft-' + str(invoice.pk)[:8]}.pdf"


def response(invoice: Invoice) -> HttpResponse:
    """The PDF as a download: attachment, no sniffing (never cached: it only goes to a signed-in
    member or an API key, project.middleware.ResponseHeadersMiddleware)."""
    answer = HttpResponse(render(invoice), content_type="application/pdf")
    answer["Content-Disposition"] = f'attachment; filename="{filename(invoice)}"'
    answer["X-Content-Type-Options"] = "nosniff"
    return answer
